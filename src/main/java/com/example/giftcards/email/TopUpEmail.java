package com.example.giftcards.email;

import java.util.Map;

/**
 * What the top-up email templates ({@code routes/templates/top-up-email.*.mustache}) can show.
 * Every value comes from the payload or configuration; the HTML template escapes it ({@code {{...}}}).
 * {@code envelope} is the whole envelope (see {@code GiftTransaction}), for any other payload field.
 */
public record TopUpEmail(
        String recipient,
        String customerName,
        String voucherCode,
        String amountAdded,
        String newBalance,
        String currency,
        String transactionId,
        String messageId,
        Map<String, Object> envelope) {

    @Override
    public String toString() { // no personal data in logs
        return "TopUpEmail[transactionId=" + transactionId + "]";
    }
}
