package com.example.giftcards.giftcard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

    @ParameterizedTest
    @CsvSource({
            "0, EUR, 0.00 EUR",
            "1, EUR, 0.01 EUR",
            "400, EUR, 4.00 EUR",
            "15900, EUR, 159.00 EUR",
            "123456789, USD, '1,234,567.89 USD'",
            "9223372036854775807, EUR, '92,233,720,368,547,758.07 EUR'"})
    void minorUnitsAreFormattedExactly(long minor, String currency, String text) {
        assertThat(Money.format(minor, currency)).isEqualTo(text);
    }

    /** As the JDK's locale data writes it: U+00A0 is a no-break space, U+202F a narrow one (escaped here). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400     | EUR | en    | €4.00",
            "400     | EUR | en-IE | €4.00",
            "400     | EUR | de    | 4,00\u00a0€",
            "15900   | EUR | de    | 159,00\u00a0€",
            "400     | EUR | de-AT | €\u00a04,00",
            "400     | EUR | fr-FR | 4,00\u00a0€",
            "123450  | EUR | fr-FR | 1\u202f234,50\u00a0€",
            "123450  | EUR | de    | 1.234,50\u00a0€",
            "123450  | USD | en    | $1,234.50",
            "123450  | USD | de    | 1.234,50\u00a0$",
            "0       | EUR | de    | 0,00\u00a0€",
            "1       | EUR | en    | €0.01"})
    void minorUnitsAreWrittenTheWayOfTheLocale(long minor, String currency, String tag, String text) {
        assertThat(Money.format(minor, currency, Locale.forLanguageTag(tag))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1050  | JPY | ja | ￥10.5",     // no fraction digits in yen, but the amount has one: shown, not rounded
            "1000  | JPY | ja | ￥10",
            "12345 | BHD | en | BHD123.450", // three fraction digits
            "400   | PTS | de | 4,00 PTS"})  // not an ISO 4217 code: the number the locale's way, then the code
    void fractionDigitsAreTheCurrencysWithoutRounding(long minor, String currency, String tag, String text) {
        assertThat(Money.format(minor, currency, Locale.forLanguageTag(tag))).isEqualTo(text);
    }

    @org.junit.jupiter.api.Test
    void theLargestAmountIsExactInEveryLocale() {
        assertThat(Money.format(Long.MAX_VALUE, "EUR", Locale.GERMAN)).isEqualTo("92.233.720.368.547.758,07\u00a0€");
        assertThat(Money.format(Long.MAX_VALUE, "EUR", Locale.ENGLISH)).isEqualTo("€92,233,720,368,547,758.07");
    }
}
