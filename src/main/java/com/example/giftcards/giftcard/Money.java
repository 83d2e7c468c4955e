package com.example.giftcards.giftcard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** Minor units to text, with exact decimal arithmetic: Voucherify amounts are x100 ({@code 1000} is 10.00). */
public final class Money {

    private Money() {
    }

    /** {@code 4.00 EUR}: the same for everyone, for logs and systems rather than people. */
    public static String format(long minorUnits, String currency) {
        return String.format(Locale.ROOT, "%,.2f %s", BigDecimal.valueOf(minorUnits, 2), currency);
    }

    /**
     * As a customer of that locale writes it, from the JDK's locale data: {@code €4.00} (en, en-IE), {@code 4,00 €}
     * (de), {@code € 4,00} (de-AT), {@code 1 234,50 €} (fr, with its narrow no-break space between thousands). At
     * least the currency's fraction digits, and more rather than rounding (an amount is never shown other than it is).
     * A currency that is not an ISO 4217 code is written after the number, as it is.
     */
    public static String format(long minorUnits, String currency, Locale locale) {
        BigDecimal amount = BigDecimal.valueOf(minorUnits, 2);
        Currency iso = isoCurrency(currency);
        NumberFormat format = iso == null ? NumberFormat.getNumberInstance(locale) : NumberFormat.getCurrencyInstance(locale);
        int digits = iso == null || iso.getDefaultFractionDigits() < 0 ? 2 : iso.getDefaultFractionDigits();
        if (iso != null) {
            format.setCurrency(iso);
        }
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(Math.max(digits, amount.stripTrailingZeros().scale()));
        format.setRoundingMode(RoundingMode.UNNECESSARY);
        String number = format.format(amount);
        return iso == null ? number + " " + currency : number;
    }

    private static Currency isoCurrency(String code) {
        try {
            return code == null ? null : Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
