package com.example.giftcards.email;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The customer's language: a BCP 47 tag ({@code de}, {@code de-AT}, {@code fr-FR}, {@code en-IE}) taken from a
 * payload field. Anything else (missing, empty, a number, an object, {@code "not a tag!!"}) is no language, never an
 * error: the email goes out in the default language (GIFT_EMAIL_LOCALE).
 */
final class CustomerLanguage {

    private CustomerLanguage() {
    }

    /**
     * The first text found at these dotted paths into the envelope's maps ({@code data.customer.metadata.locale}),
     * or null; a path that runs into something other than a map finds nothing.
     */
    static String textAt(Map<String, Object> envelope, String... paths) {
        for (String path : paths) {
            Object value = envelope;
            for (String key : path.trim().split("\\.")) {
                value = value instanceof Map<?, ?> map ? map.get(key) : null;
            }
            if (value instanceof String text && !text.isBlank()) {
                return text.strip();
            }
        }
        return null;
    }

    /**
     * A well-formed tag with a language, as a locale; {@code de_AT} is read as {@code de-AT}. {@code und} (undetermined)
     * and private-use-only tags are no language.
     */
    static Optional<Locale> parse(Object tag) {
        if (!(tag instanceof String text) || text.isBlank() || text.length() > 64) {
            return Optional.empty();
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(text.strip().replace('_', '-')).build();
            return locale.getLanguage().isEmpty() || "und".equals(locale.getLanguage()) ? Optional.empty() : Optional.of(locale);
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
    }
}
