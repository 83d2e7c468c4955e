package com.example.giftcards.giftcard;

import static org.assertj.core.api.Assertions.assertThat;

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
}
