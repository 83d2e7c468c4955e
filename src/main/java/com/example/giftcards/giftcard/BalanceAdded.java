package com.example.giftcards.giftcard;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * What the legs need of a gift balance-added event, read and checked once from the envelope.
 * Amounts are minor units (1000 = 10.00). Text fields other than the ids may be null.
 * <p>
 * {@code envelope} is the whole envelope as maps and lists, so that route edits reach any payload field without a
 * build: {@code :#${body.envelope[data][voucher][campaign]}} in SQL, {@code {{body.envelope.data.voucher.campaign}}}
 * in a template. Its fields are as sent: unchecked, and possibly null or missing.
 */
public record BalanceAdded(
        String eventId,
        String eventType,
        String voucherId,
        String voucherCode,
        String holderId,
        String transactionId,
        long amount,
        long balanceAfter,
        String reason,
        String source,
        OffsetDateTime occurredAt,
        String customerName,
        String customerEmail,
        Map<String, Object> envelope) {

    public boolean hasRecipient() {
        return customerEmail != null && !customerEmail.isBlank();
    }

    /** Never print the customer's name or email. */
    @Override
    public String toString() {
        return "BalanceAdded[eventId=" + eventId + ", voucherId=" + voucherId + ", transactionId=" + transactionId
                + ", amount=" + amount + ", balanceAfter=" + balanceAfter + "]";
    }
}
