package com.example.giftcards.email;

/**
 * What the top-up email templates ({@code routes/templates/top-up-email.*.mustache}) can show.
 * Every value comes from the payload or configuration; the HTML template escapes it ({@code {{...}}}).
 */
public record TopUpEmail(
        String recipient,
        String customerName,
        String voucherCode,
        String amountAdded,
        String newBalance,
        String currency,
        String transactionId,
        String messageId) {

    @Override
    public String toString() { // no personal data in logs
        return "TopUpEmail[transactionId=" + transactionId + "]";
    }
}
