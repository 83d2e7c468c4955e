package com.example.giftcards.giftcard;

import java.math.BigDecimal;
import java.util.Locale;

/** Minor units to text, with exact decimal arithmetic: Voucherify amounts are x100 ({@code 1000} is 10.00). */
public final class Money {

    private Money() {
    }

    public static String format(long minorUnits, String currency) {
        return String.format(Locale.ROOT, "%,.2f %s", BigDecimal.valueOf(minorUnits, 2), currency);
    }
}
