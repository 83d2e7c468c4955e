package com.example.giftcards.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.example.giftcards.support.LegWatch;
import com.example.giftcards.support.TestMail;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The top-up email in the customer's language, end to end: a signed webhook whose customer has
 * {@code metadata.locale}, and the email as the SMTP server received it. The shipped languages are English (the files
 * without a language, GIFT_EMAIL_LOCALE's default en) and German. The customer's name needs escaping in every one.
 */
class TopUpEmailLanguagesTest extends IntegrationTest {

    private static final String NAME = "<b>Tom & \"Jerry\"</b>";
    private static final String NAME_IN_HTML = "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The sample tops up 4.00 EUR, to a balance of 159.00 EUR. U+00A0 is a no-break space. */
    static Stream<Arguments> languages() {
        return Stream.of(
                Arguments.of("de", "de", german("4,00\u00a0€", "159,00\u00a0€")),
                Arguments.of("de-AT", "de-AT", german("€\u00a04,00", "€\u00a0159,00")),
                Arguments.of("en", "en", english("€4.00", "€159.00")),
                Arguments.of("en-IE", "en-IE", english("€4.00", "€159.00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("languages")
    void eachLanguageGetsItsOwnEmail(String tag, String lang, Expected expected) throws Exception {
        MimeMessage email = topUpFor(JSON.textNode(tag));

        assertThat(email.getSubject()).isEqualTo(expected.subject());
        assertThat(email.getHeader("Content-Language")).containsExactly(lang);
        String text = TestMail.part(email, "text/plain");
        String html = TestMail.part(email, "text/html");
        assertThat(text.lines().findFirst()).contains(expected.greeting() + " " + NAME + ",");
        assertThat(text).contains(expected.line(), "Gift-for-you-0")
                .doesNotContain("&lt;", "&amp;");
        assertThat(html).contains("<html lang=\"" + lang + "\">", expected.greeting() + " " + NAME_IN_HTML + ",")
                .doesNotContain(NAME, "<b>Tom");
        assertAmountsAgree(text, html, expected);
    }

    static Stream<Arguments> noLanguageOfItsOwn() {
        return Stream.of(
                Arguments.of("pt-BR: no templates", JSON.textNode("pt-BR")),
                Arguments.of("a malformed tag", JSON.textNode("not a tag!!")),
                Arguments.of("an empty tag", JSON.textNode("")),
                Arguments.of("a number", JSON.numberNode(42)),
                Arguments.of("an object", JSON.objectNode().put("language", "de")),
                Arguments.of("null", JSON.nullNode()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noLanguageOfItsOwn")
    void anythingElseGetsOneEmailInTheDefaultLanguage(String what, JsonNode locale) throws Exception {
        Expected english = english("€4.00", "€159.00");

        MimeMessage email = topUpFor(locale);

        assertThat(email.getSubject()).isEqualTo(english.subject());
        assertThat(email.getHeader("Content-Language")).containsExactly("en");
        String html = TestMail.part(email, "text/html");
        assertThat(html).contains("<html lang=\"en\">", "Hello " + NAME_IN_HTML + ",");
        assertAmountsAgree(TestMail.part(email, "text/plain"), html, english);
    }

    @Test
    void aCustomerWithoutMetadataGetsTheDefaultLanguage() throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        ((ObjectNode) envelope.with("data").with("customer")).remove("metadata");

        MimeMessage email = send(id, envelope);

        assertThat(email.getSubject()).isEqualTo(english("€4.00", "€159.00").subject());
        assertThat(email.getHeader("Content-Language")).containsExactly("en");
    }

    /** The plain-text and HTML bodies and the subject show the same amounts. */
    private static void assertAmountsAgree(String text, String html, Expected expected) {
        assertThat(text).contains(expected.added(), expected.balance());
        assertThat(html).contains("<strong>" + expected.added() + "</strong>", "<strong>" + expected.balance() + "</strong>");
        assertThat(expected.subject()).contains(expected.added(), expected.balance());
    }

    private MimeMessage topUpFor(JsonNode locale) throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        ObjectNode customer = envelope.with("data").with("customer");
        customer.put("name", NAME);
        customer.with("metadata").set("locale", locale);
        return send(id, envelope);
    }

    /** Posts the top-up and returns its one email, once the email leg is done with it (no second one coming). */
    private MimeMessage send(String id, ObjectNode envelope) {
        LegWatch emailLeg = LegWatch.emailLeg(camel, BROKER, "evcus_" + id);
        assertThat(webhooks.post(Fixtures.compact(envelope)).statusCode()).isEqualTo(202);
        emailLeg.awaitDone();
        assertThat(MAIL.to(Fixtures.emailOf(id))).as("one email").hasSize(1);
        return MAIL.to(Fixtures.emailOf(id)).get(0);
    }

    record Expected(String subject, String greeting, String line, String added, String balance) {
    }

    private static Expected german(String added, String balance) {
        return new Expected("Ihre Geschenkkarte wurde um " + added + " aufgeladen (neues Guthaben: " + balance + ")",
                "Guten Tag", "Ihrer Geschenkkarte Gift-for-you-0 wurden " + added + " gutgeschrieben.", added, balance);
    }

    private static Expected english(String added, String balance) {
        return new Expected("Your gift card has been topped up with " + added + " (new balance " + balance + ")",
                "Hello", "Good news: " + added + " has been added to your gift card Gift-for-you-0.", added, balance);
    }
}
