package com.example.giftcards.intake;

import com.example.giftcards.http.RequestRejectedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.example.giftcards.names.RouteNames;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Checks that a parsed body is a Voucherify v2024-01-01 envelope and sets what the routes need of it as the event
 * headers, in one call rather than a {@code ${...}} expression each.
 */
@Component
public class EnvelopeReader {

    static final int MAX_ID_LENGTH = 200;

    /** The ids of an envelope: {@code idempotencyKey} is {@code source.id:event.id}. */
    public record EnvelopeIds(String eventId, String eventType, String idempotencyKey) {
    }

    /** The intake's step read-envelope: headers eventId, eventType, idempotencyKey and receivedAt. */
    public void read(@Body JsonNode envelope, Exchange exchange) {
        EnvelopeIds ids = idsOf(envelope);
        Message message = exchange.getMessage();
        message.setHeader(RouteNames.EVENT_ID, ids.eventId());
        message.setHeader(RouteNames.EVENT_TYPE, ids.eventType());
        message.setHeader(RouteNames.IDEMPOTENCY_KEY, ids.idempotencyKey());
        message.setHeader(RouteNames.RECEIVED_AT, exchange.getClock().getCreated());
        message.setHeader(RouteNames.ORIGIN, "webhook");
    }

    EnvelopeIds idsOf(JsonNode envelope) {
        if (envelope == null || !envelope.isObject()) {
            throw notAnEnvelope("the body is not a JSON object");
        }
        for (String key : new String[] {"id", "project_id", "created_at", "type", "data", "source", "event"}) {
            if (!envelope.has(key)) {
                throw notAnEnvelope("the key '" + key + "' is missing");
            }
        }
        for (String key : new String[] {"data", "source", "event"}) {
            if (!envelope.get(key).isObject()) {
                throw notAnEnvelope("'" + key + "' is not an object");
            }
        }
        String sourceId = requiredId(envelope.get("source"), "source.id");
        String eventId = requiredId(envelope.get("event"), "event.id");
        return new EnvelopeIds(eventId, eventType(envelope), sourceId + ":" + eventId);
    }

    /** {@code event.type}, falling back to {@code type}; Voucherify's "_aded" typo is read as "_added". */
    static String eventType(JsonNode envelope) {
        JsonNode type = envelope.get("event").get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            type = envelope.get("type");
        }
        String name = type != null && type.isTextual() ? type.asText().trim() : "";
        return name.endsWith("_aded") ? name.substring(0, name.length() - "_aded".length()) + "_added" : name;
    }

    private static String requiredId(JsonNode parent, String path) {
        JsonNode id = parent.get(path.substring(path.indexOf('.') + 1));
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw notAnEnvelope("'" + path + "' is missing or not a string");
        }
        if (id.asText().length() > MAX_ID_LENGTH) {
            throw notAnEnvelope("'" + path + "' is longer than " + MAX_ID_LENGTH + " characters");
        }
        return id.asText();
    }

    private static RequestRejectedException notAnEnvelope(String why) {
        return new RequestRejectedException(400, "not_an_envelope",
                "Not a Voucherify v2024-01-01 webhook envelope: " + why);
    }
}
