package com.example.giftcards.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerLanguageTest {

    @ParameterizedTest
    @ValueSource(strings = {"de", "de-AT", "fr-FR", "en-IE", "DE-at", " de-AT ", "de_AT", "zh-Hant-TW"})
    void languageTagsAreLanguages(String tag) {
        assertThat(CustomerLanguage.parse(tag)).hasValueSatisfying(locale ->
                assertThat(locale.getLanguage()).isIn("de", "fr", "en", "zh"));
        assertThat(CustomerLanguage.parse("DE-at")).contains(Locale.forLanguageTag("de-AT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not a tag!!", "und", "x-private", "de-", "12", "de-AT-<script>", "e", "toolonglanguage"})
    void anythingElseIsNoLanguage(String tag) {
        assertThat(CustomerLanguage.parse(tag)).isEmpty();
    }

    @Test
    void onlyTextCanBeALanguage() {
        assertThat(CustomerLanguage.parse(42)).isEmpty();
        assertThat(CustomerLanguage.parse(Map.of("tag", "de"))).isEmpty();
        assertThat(CustomerLanguage.parse(List.of("de"))).isEmpty();
        assertThat(CustomerLanguage.parse(null)).isEmpty();
    }

    @Test
    void theFirstTextAtThePathsIsTheTag() {
        Map<String, Object> customer = Map.of("data", Map.of("customer", Map.of("metadata", Map.of("locale", "de-AT"))));
        Map<String, Object> holder = Map.of("data", Map.of("holder", Map.of("metadata", Map.of("locale", "fr"))));
        Map<String, Object> both = Map.of("data", Map.of(
                "customer", Map.of("metadata", Map.of("locale", "de")), "holder", Map.of("metadata", Map.of("locale", "fr"))));
        String[] paths = {"data.customer.metadata.locale", " data.holder.metadata.locale"};

        assertThat(CustomerLanguage.textAt(customer, paths)).isEqualTo("de-AT");
        assertThat(CustomerLanguage.textAt(holder, paths)).isEqualTo("fr");
        assertThat(CustomerLanguage.textAt(both, paths)).isEqualTo("de");
    }

    @Test
    void aPathThatFindsNoTextFindsNothing() {
        String[] paths = {"data.customer.metadata.locale"};

        assertThat(CustomerLanguage.textAt(Map.of("data", Map.of("customer", Map.of())), paths)).isNull();
        assertThat(CustomerLanguage.textAt(Map.of("data", Map.of("customer", "jack")), paths)).isNull();
        assertThat(CustomerLanguage.textAt(Map.of("data", Map.of("customer", Map.of("metadata", Map.of("locale", 42)))), paths)).isNull();
        assertThat(CustomerLanguage.textAt(Map.of("data", Map.of("customer", Map.of("metadata", Map.of("locale", " ")))), paths)).isNull();
        assertThat(CustomerLanguage.textAt(Map.of(), paths)).isNull();
    }
}
