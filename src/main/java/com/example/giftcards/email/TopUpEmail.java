package com.example.giftcards.email;

import java.util.Map;
import java.util.Objects;

/**
 * What the top-up email templates ({@code routes/templates/top-up-email.*.mustache}) can show.
 * Every value comes from the payload or configuration; the HTML template escapes it ({@code {{...}}}).
 * {@code amountAdded} and {@code newBalance} are written the way of the email's {@code language} (a BCP 47 tag:
 * {@code €4.00} for en, {@code 4,00 €} for de). {@code envelope} is the whole envelope (see {@code GiftTransaction}), for
 * any other payload field. The {@code *Template} values are for the route: the template files of the email's
 * language (Camel resource URIs, see {@link TopUpEmailTemplates}).
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
        String language,
        String subjectTemplate,
        String textTemplate,
        String htmlTemplate,
        Map<String, Object> envelope) {

    /**
     * By the transaction and the language only: Camel hashes the body whenever the route calls {@code ${body.x}}
     * (once per template), and a record's own hash walks every value and the whole envelope. Equal emails have
     * equal transaction ids and languages, so this agrees with equals.
     */
    @Override
    public int hashCode() {
        return Objects.hash(transactionId, language);
    }

    @Override
    public String toString() { // no personal data in logs
        return "TopUpEmail[transactionId=" + transactionId + "]";
    }
}
