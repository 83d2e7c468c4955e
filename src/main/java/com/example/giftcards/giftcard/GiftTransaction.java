package com.example.giftcards.giftcard;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the legs need of one gift-card transaction, read and checked once from the envelope of a balance-added or a
 * transaction-created event. {@code transactionType} is one of {@link #TYPES}; {@code amount} is the signed change
 * (positive for money added or refunded, negative for money redeemed or removed) and {@code balanceAfter} the
 * balance after it (never negative). Amounts are minor units (1000 = 10.00). Text fields other than the ids may be
 * null.
 * <p>
 * {@code envelope} is the whole envelope as maps and lists, so that route edits reach any payload field without a
 * build: {@code :#${body.envelope[data][voucher][campaign]}} in SQL, {@code {{body.envelope.data.voucher.campaign}}}
 * in a template. Its fields are as sent: unchecked, and possibly null or missing.
 */
public record GiftTransaction(
        String eventId,
        String eventType,
        String voucherId,
        String voucherCode,
        String holderId,
        String transactionId,
        String transactionType,
        long amount,
        long balanceAfter,
        String reason,
        String source,
        OffsetDateTime occurredAt,
        String customerName,
        String customerEmail,
        Map<String, Object> envelope) {

    /** Money added: the balance-added events are always this type. */
    public static final String CREDITS_ADDITION = "CREDITS_ADDITION";
    /** Money given back to the card when a redemption is rolled back. */
    public static final String CREDITS_REFUND = "CREDITS_REFUND";
    /** Money spent: a redemption. */
    public static final String CREDITS_REDEMPTION = "CREDITS_REDEMPTION";
    /** Money taken off the card by hand or by the API. */
    public static final String CREDITS_REMOVAL = "CREDITS_REMOVAL";
    /** Every type Voucherify sends in {@code data.transaction.type}, money in first. */
    public static final List<String> TYPES = List.of(CREDITS_ADDITION, CREDITS_REFUND, CREDITS_REDEMPTION, CREDITS_REMOVAL);

    /**
     * The event values by name ({@code transactionId}, {@code amount}, ..., {@code envelope}): what SQL's
     * {@code :#transactionId} parameters read (see {@link GiftTransactionConverter}).
     */
    public Map<String, Object> values() {
        Map<String, Object> values = new HashMap<>(32);
        values.put("eventId", eventId);
        values.put("eventType", eventType);
        values.put("voucherId", voucherId);
        values.put("voucherCode", voucherCode);
        values.put("holderId", holderId);
        values.put("transactionId", transactionId);
        values.put("transactionType", transactionType);
        values.put("amount", amount);
        values.put("balanceAfter", balanceAfter);
        values.put("reason", reason);
        values.put("source", source);
        values.put("occurredAt", occurredAt);
        // the same moment as a UTC date-time, for databases without TIMESTAMP WITH TIME ZONE (MariaDB's DATETIME)
        values.put("occurredAtUtc", occurredAt == null ? null : occurredAt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        values.put("customerName", customerName);
        values.put("customerEmail", customerEmail);
        values.put("envelope", envelope);
        return values;
    }

    /**
     * By the ids only: Camel hashes the body when it looks up how to call {@code ${body.transactionId}}, and a
     * record's own hash walks the whole envelope. Equal events have equal ids, so this agrees with equals.
     */
    @Override
    public int hashCode() {
        return Objects.hash(eventId, transactionId);
    }

    public boolean hasRecipient() {
        return customerEmail != null && !customerEmail.isBlank();
    }

    /** Never print the customer's name or email. */
    @Override
    public String toString() {
        return "GiftTransaction[eventId=" + eventId + ", voucherId=" + voucherId + ", transactionId=" + transactionId
                + ", transactionType=" + transactionType + ", amount=" + amount + ", balanceAfter=" + balanceAfter + "]";
    }
}
