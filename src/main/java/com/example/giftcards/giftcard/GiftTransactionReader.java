package com.example.giftcards.giftcard;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

import com.example.giftcards.names.RouteNames;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.springframework.stereotype.Component;

/**
 * Reads a gift balance-added envelope (either variant) or a {@code voucher.gift.transaction.created} envelope into a
 * {@link GiftTransaction}, defensively: the contract says any nested field may be null or missing. Missing ids or
 * amounts, wrong types, out-of-range amounts, a negative balance, an unknown transaction type or an amount whose sign
 * contradicts its type make the event invalid ({@link InvalidEventException}): parked, never booked with a wrong
 * sign. Missing optional fields are just null.
 * <p>
 * A balance-added event is money added: type {@code CREDITS_ADDITION}, amount not negative, the customer in
 * {@code data.customer}. A transaction-created event names its type in {@code data.transaction.type}, its signed
 * change in {@code data.balance.amount} (not in {@code data.redemption.amount} or {@code data.rollback.amount}, which
 * have the opposite sign) and its customer in {@code data.holder}.
 */
@Component
public class GiftTransactionReader {

    /** The project-settings event announcing every transaction of a gift card, whatever its type. */
    public static final String TRANSACTION_CREATED = "voucher.gift.transaction.created";
    static final int MAX_ID_LENGTH = 200;
    /** Money in: the amount must not be negative. The other types take money out: it must not be positive. */
    private static final Set<String> MONEY_IN = Set.of(GiftTransaction.CREDITS_ADDITION, GiftTransaction.CREDITS_REFUND);
    static final int MAX_TEXT_LENGTH = 1000;

    private static final TypeReference<Map<String, Object>> ENVELOPE_MAP = new TypeReference<>() { };

    private final ObjectMapper json = VoucherifyJson.strictMapper();

    /**
     * For the intake: the parsed envelope, checked before it is handed off; its headers voucherId, transactionId and
     * transactionType set (always CREDITS_ADDITION for a balance-added event).
     */
    public void check(@Body JsonNode envelope, @Header(RouteNames.EVENT_TYPE) String eventType,
                      @Headers Map<String, Object> headers) {
        GiftTransaction event = read(envelope, eventType);
        headers.put(RouteNames.VOUCHER_ID, event.voucherId());
        headers.put(RouteNames.TRANSACTION_ID, event.transactionId());
        headers.put(RouteNames.TRANSACTION_TYPE, event.transactionType());
    }

    /** For the legs: the envelope text as it travelled on the queue. */
    public GiftTransaction fromText(@Body String envelope, Exchange exchange) {
        JsonNode node;
        try {
            node = json.readTree(envelope);
        } catch (JacksonException e) {
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException("not a JSON object");
        }
        String eventType = exchange.getMessage().getHeader(RouteNames.EVENT_TYPE, String.class);
        return read(node, eventType != null ? eventType : text(node.path("event"), "type", false));
    }

    GiftTransaction read(JsonNode envelope, String eventType) {
        boolean transactionEvent = TRANSACTION_CREATED.equals(eventType);
        JsonNode data = envelope.path("data");
        JsonNode voucher = data.path("voucher");
        JsonNode transaction = data.path("transaction");
        JsonNode balance = balanceOf(data, transaction, transactionEvent);
        JsonNode customer = data.path(transactionEvent ? "holder" : "customer");
        JsonNode event = envelope.path("event");

        String voucherId = firstId(voucher.path("id"), transaction.path("voucher_id"), "data.voucher.id");
        String transactionId = id(transaction.path("id"), "data.transaction.id");
        String transactionType = transactionEvent ? transactionType(transaction.path("type")) : GiftTransaction.CREDITS_ADDITION;
        long amount = transactionEvent ? signedAmount(balance.path("amount"), transactionType)
                : notNegative(balance.path("amount"), "data.balance.amount");
        long balanceAfter = notNegative(balance.path("balance"), "data.balance.balance");
        OffsetDateTime occurredAt = timestamp(transaction.path("created_at"), event.path("created_at"));
        String holderId = text(voucher, "holder_id", true);

        return new GiftTransaction(
                text(event, "id", true),
                eventType,
                voucherId,
                text(voucher, "code", true),
                holderId != null ? holderId : text(customer, "id", true),
                transactionId,
                transactionType,
                amount,
                balanceAfter,
                text(transaction, "reason", false),
                text(transaction, "source", true),
                occurredAt,
                text(customer, "name", false),
                text(customer, "email", false),
                json.convertValue(envelope, ENVELOPE_MAP));
    }

    /** {@code data.balance}; a transaction event carries the same values in its details, should it ever lack it. */
    private static JsonNode balanceOf(JsonNode data, JsonNode transaction, boolean transactionEvent) {
        JsonNode balance = data.path("balance");
        if (transactionEvent && (balance.isMissingNode() || balance.isNull())) {
            return transaction.path("details").path("balance");
        }
        return balance;
    }

    private static String transactionType(JsonNode node) {
        if (!node.isTextual()) {
            throw new InvalidEventException("data.transaction.type is missing or not a string");
        }
        String type = node.asText();
        if (!GiftTransaction.TYPES.contains(type)) {
            String shown = type.length() > 40 ? type.substring(0, 40) + "..." : type;
            throw new InvalidEventException("data.transaction.type '" + shown + "' is not one of " + String.join(", ", GiftTransaction.TYPES));
        }
        return type;
    }

    /** The signed change: not negative for money in, not positive for money out. */
    private static long signedAmount(JsonNode node, String transactionType) {
        long amount = minorUnits(node, "data.balance.amount");
        if (MONEY_IN.contains(transactionType) && amount < 0) {
            throw new InvalidEventException("data.balance.amount is negative (" + amount + ") for a " + transactionType
                    + ", which adds money");
        }
        if (!MONEY_IN.contains(transactionType) && amount > 0) {
            throw new InvalidEventException("data.balance.amount is positive (" + amount + ") for a " + transactionType
                    + ", which takes money off the card");
        }
        return amount;
    }

    private static String firstId(JsonNode first, JsonNode fallback, String path) {
        return first.isMissingNode() || first.isNull() ? id(fallback, path) : id(first, path);
    }

    private static String id(JsonNode node, String path) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new InvalidEventException(path + " is missing or not a string");
        }
        if (node.asText().length() > MAX_ID_LENGTH) {
            throw new InvalidEventException(path + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return node.asText();
    }

    private static long notNegative(JsonNode node, String path) {
        long value = minorUnits(node, path);
        if (value < 0) {
            throw new InvalidEventException(path + " is negative");
        }
        return value;
    }

    /** A whole number of minor units, of either sign: the callers check the sign. */
    private static long minorUnits(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            throw new InvalidEventException(path + " is missing");
        }
        if (!node.isIntegralNumber()) {
            throw new InvalidEventException(path + " is not an integer amount in minor units");
        }
        if (!node.canConvertToLong()) {
            throw new InvalidEventException(path + " is out of range");
        }
        return node.longValue();
    }

    private static OffsetDateTime timestamp(JsonNode primary, JsonNode fallback) {
        JsonNode node = primary.isTextual() ? primary : fallback;
        if (!node.isTextual()) {
            throw new InvalidEventException("data.transaction.created_at and event.created_at are both missing");
        }
        try {
            return OffsetDateTime.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("data.transaction.created_at is not an ISO-8601 timestamp");
        }
    }

    /** Optional text: null when missing or null; wrong types are invalid; identifiers must fit their columns. */
    private static String text(JsonNode parent, String field, boolean identifier) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidEventException(field + " is not a string");
        }
        String value = node.asText();
        int limit = identifier ? MAX_ID_LENGTH : MAX_TEXT_LENGTH;
        if (value.length() > limit) {
            if (identifier) {
                throw new InvalidEventException(field + " is longer than " + limit + " characters");
            }
            return value.substring(0, limit); // free text (a reason, a name): keep the start rather than lose the event
        }
        return value;
    }
}
