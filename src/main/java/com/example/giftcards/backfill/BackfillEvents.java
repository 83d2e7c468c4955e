package com.example.giftcards.backfill;

import java.time.Instant;

import com.example.giftcards.names.RouteNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * A transaction read from Voucherify's API, as the webhook it never was: a {@code voucher.gift.transaction.created}
 * envelope built from the API's objects ({@code data.transaction}, {@code data.balance}, {@code data.voucher},
 * {@code data.holder}), with the event headers the intake sets for a webhook, so that the intake's own routes
 * (direct:route-event-once) check it, de-duplicate it and hand it off to the same queues and legs.
 * <p>
 * Its ids are derived from the transaction id ({@code event.id} {@code evbf_<transaction id>}, source {@code backfill}),
 * so the same transaction found by two runs is one event: the second is answered "duplicate" and goes nowhere.
 * A webhook of the same transaction has other ids; the legs are idempotent per transaction id (one ledger row, at
 * most one email).
 */
@Component
public class BackfillEvents {

    public static final String ORIGIN = "backfill";
    static final String SOURCE_ID = "backfill";
    /** The variable the backfill route reads the holder into (GET /v1/customers/{id}). */
    public static final String HOLDER = "holder";
    private static final String EVENT_TYPE = "voucher.gift.transaction.created";

    private final ObjectMapper json = new ObjectMapper();

    /** Body: the transaction found; variable holder: the customer, if it was read. */
    public void asWebhook(Exchange exchange) {
        FoundTransaction found = exchange.getMessage().getBody(FoundTransaction.class);
        JsonNode transaction = found.transaction();
        JsonNode voucher = found.voucher();
        Object holderRead = exchange.getVariable(HOLDER);
        JsonNode holder = holderRead instanceof JsonNode node ? node : null;
        exchange.removeVariable(HOLDER);
        String transactionId = found.transactionId();
        String eventId = "evbf_" + transactionId;
        Instant now = Instant.now();

        JsonNodeFactory nodes = json.getNodeFactory();
        ObjectNode data = nodes.objectNode();
        data.set("transaction", transaction);
        data.set("balance", transaction.path("details").path("balance").isObject()
                ? transaction.path("details").path("balance") : nodes.nullNode());
        data.set("voucher", voucher);
        data.set("holder", holder != null && holder.isObject() ? holder : nodes.nullNode());
        ObjectNode envelope = nodes.objectNode();
        envelope.put("id", "whbf_" + transactionId);
        envelope.putNull("project_id");
        envelope.put("created_at", now.toString());
        envelope.put("type", EVENT_TYPE);
        envelope.set("data", data);
        envelope.set("source", nodes.objectNode().put("id", SOURCE_ID).put("object", ORIGIN).putNull("target_url"));
        ObjectNode event = nodes.objectNode().put("id", eventId).put("type", EVENT_TYPE);
        event.set("created_at", transaction.path("created_at"));
        event.put("entity_id", voucher.path("id").asText());
        event.putNull("group_id");
        event.set("event_source", nodes.objectNode().put("channel", "BACKFILL"));
        envelope.set("event", event);

        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(envelope);
        exchange.setProperty(RouteNames.RAW_ENVELOPE, envelope.toString());
        exchange.setProperty(RouteNames.TRANSACTION_ID, transactionId);
        message.setHeader(RouteNames.EVENT_ID, eventId);
        message.setHeader(RouteNames.EVENT_TYPE, EVENT_TYPE);
        message.setHeader(RouteNames.IDEMPOTENCY_KEY, SOURCE_ID + ":" + eventId);
        message.setHeader(RouteNames.RECEIVED_AT, now.toEpochMilli());
        message.setHeader(RouteNames.ORIGIN, ORIGIN);
    }
}
