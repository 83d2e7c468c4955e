package com.example.giftcards.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The envelopes in src/test/resources/samples, as received, or with fresh ids so that tests don't collide. */
public final class Fixtures {

    public static final String DISTRIBUTION = "customer.voucher.gift.balance_added.json";
    public static final String PROJECT_SETTINGS = "voucher.gift.balance_added.json";
    public static final String UNRELATED = "voucher.created.json";
    /** voucher.gift.transaction.created: Voucherify's own example (a top-up), and one of each other type. */
    public static final String TRANSACTION_ADDITION = "voucher.gift.transaction.created.json";
    public static final String TRANSACTION_REFUND = "voucher.gift.transaction.created.refund.json";
    public static final String TRANSACTION_REDEMPTION = "voucher.gift.transaction.created.redemption.json";
    public static final String TRANSACTION_REMOVAL = "voucher.gift.transaction.created.removal.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static byte[] raw(String sample) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/samples/" + sample)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode sample(String sample) {
        try {
            return (ObjectNode) JSON.readTree(raw(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** A distribution event with its own event, transaction and voucher ids, sent to {@code emailOf(id)}. */
    public static ObjectNode distribution(String id) {
        ObjectNode envelope = sample(DISTRIBUTION);
        envelope.with("event").put("id", "evcus_" + id);
        envelope.with("data").with("transaction").put("id", "vtx_" + id);
        envelope.with("data").with("voucher").put("id", "v_" + id);
        envelope.with("data").with("transaction").put("voucher_id", "v_" + id);
        envelope.with("data").with("customer").put("email", emailOf(id));
        return envelope;
    }

    public static String emailOf(String id) {
        return "customer-" + id + "@example.com";
    }

    public static ObjectNode projectSettings(String id) {
        ObjectNode envelope = sample(PROJECT_SETTINGS);
        envelope.with("event").put("id", "evvou_" + id);
        envelope.with("data").with("transaction").put("id", "vtx_" + id);
        envelope.with("data").with("voucher").put("id", "v_" + id);
        return envelope;
    }

    /** A transaction-created event of that sample with its own event ({@code evvou_id}), transaction and voucher ids. */
    public static ObjectNode transaction(String sample, String id) {
        ObjectNode envelope = sample(sample);
        envelope.with("event").put("id", "evvou_" + id);
        envelope.with("event").put("entity_id", "v_" + id);
        envelope.with("data").with("transaction").put("id", "vtx_" + id);
        envelope.with("data").with("transaction").put("voucher_id", "v_" + id);
        envelope.with("data").with("voucher").put("id", "v_" + id);
        return envelope;
    }

    /** The holder of a transaction-created event (a new one where the sample has none), to be given an address. */
    public static ObjectNode holderOf(ObjectNode transactionEvent) {
        ObjectNode data = transactionEvent.with("data");
        return data.get("holder") instanceof ObjectNode holder ? holder
                : data.putObject("holder").put("id", "cust_holder").put("name", "Hanna Rowe").put("object", "customer");
    }

    public static byte[] compact(JsonNode envelope) {
        try {
            return JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
