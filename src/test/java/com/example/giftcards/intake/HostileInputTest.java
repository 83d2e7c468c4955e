package com.example.giftcards.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.example.giftcards.support.TestMail;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed input, table-driven: each case gets its documented status and JSON error, and leaves the
 * broker, the ERP tables and the mailbox untouched (or, for a signed but unusable balance event, only the
 * operators' "invalid" queue).
 */
class HostileInputTest extends IntegrationTest {

    private static final List<String> LEG_AND_EVENT_QUEUES = List.of(
            "voucherify.gift.balance_added", "voucherify.leg.erp", "voucherify.leg.email", "voucherify.events.unhandled");
    private static final String INVALID_QUEUE = "voucherify.events.invalid";

    /** How a case is sent: body, signature, content type and method may each be hostile. */
    record Request(byte[] body, Function<byte[], String> signature, String contentType, String method) {
        static Request signed(byte[] body) {
            return new Request(body, b -> WebhookSignature.sign(SECRET, b), "application/json", "POST");
        }

        Request signature(Function<byte[], String> how) {
            return new Request(body, how, contentType, method);
        }

        Request contentType(String type) {
            return new Request(body, signature, type, method);
        }

        Request method(String verb) {
            return new Request(body, signature, contentType, verb);
        }
    }

    static Stream<Arguments> rejected() {
        byte[] valid = Fixtures.compact(Fixtures.distribution(Fixtures.unique()));
        return Stream.of(
                rejected("body over 256 KiB", Request.signed(oversized()), 413, "payload_too_large"),
                rejected("body over 256 KiB, chunked (no Content-Length)", Request.signed(oversized()).method("POST-CHUNKED"), 413, "payload_too_large"),
                rejected("empty body", Request.signed(new byte[0]), 400, "empty_body"),
                rejected("not JSON", Request.signed(bytes("hello, webhook")), 400, "invalid_json"),
                rejected("truncated JSON", Request.signed(Arrays.copyOf(valid, valid.length / 2)), 400, "invalid_json"),
                rejected("trailing garbage", Request.signed(concat(valid, bytes("{}"))), 400, "invalid_json"),
                rejected("duplicate keys", Request.signed(bytes("{\"id\":\"whs_1\",\"id\":\"whs_2\"}")), 400, "invalid_json"),
                rejected("deep nesting", Request.signed(deeplyNested(valid)), 400, "invalid_json"),
                rejected("invalid UTF-8", Request.signed(invalidUtf8(valid)), 400, "invalid_json"),
                rejected("NaN number", Request.signed(bytes(new String(valid, StandardCharsets.UTF_8).replace("\"amount\":400", "\"amount\":NaN"))), 400, "invalid_json"),
                rejected("a JSON array", Request.signed(bytes("[1,2,3]")), 400, "not_an_envelope"),
                rejected("a JSON string", Request.signed(bytes("\"customer.voucher.gift.balance_added\"")), 400, "not_an_envelope"),
                rejected("raw payload distribution (no envelope)", Request.signed(Fixtures.compact(Fixtures.distribution(Fixtures.unique()).get("data"))), 400, "not_an_envelope"),
                rejected("envelope without event", Request.signed(without(valid, "event")), 400, "not_an_envelope"),
                rejected("envelope without source", Request.signed(without(valid, "source")), 400, "not_an_envelope"),
                rejected("envelope without data", Request.signed(without(valid, "data")), 400, "not_an_envelope"),
                rejected("data is a string", Request.signed(edit(valid, e -> e.put("data", "{}"))), 400, "not_an_envelope"),
                rejected("event.id is a number", Request.signed(edit(valid, e -> e.with("event").put("id", 42))), 400, "not_an_envelope"),
                rejected("event.id is null", Request.signed(edit(valid, e -> e.with("event").putNull("id"))), 400, "not_an_envelope"),
                rejected("source.id is 10k characters", Request.signed(edit(valid, e -> e.with("source").put("id", "x".repeat(10_000)))), 400, "not_an_envelope"),
                rejected("GET", Request.signed(valid).method("GET"), 405, "method_not_allowed"),
                rejected("PUT", Request.signed(valid).method("PUT"), 405, "method_not_allowed"),
                rejected("DELETE", Request.signed(valid).method("DELETE"), 405, "method_not_allowed"),
                rejected("text/plain", Request.signed(valid).contentType("text/plain"), 415, "unsupported_media_type"),
                rejected("form encoded", Request.signed(valid).contentType("application/x-www-form-urlencoded"), 415, "unsupported_media_type"),
                rejected("no content type", Request.signed(valid).contentType(null), 415, "unsupported_media_type"),
                rejected("JSON in Latin-1", Request.signed(valid).contentType("application/json; charset=ISO-8859-1"), 415, "unsupported_media_type"),
                rejected("missing signature", Request.signed(valid).signature(b -> null), 401, "missing_signature"),
                rejected("empty signature", Request.signed(valid).signature(b -> ""), 401, "missing_signature"),
                rejected("truncated signature", Request.signed(valid).signature(b -> WebhookSignature.sign(SECRET, b).substring(0, 32)), 401, "invalid_signature"),
                rejected("upper-case signature", Request.signed(valid).signature(b -> WebhookSignature.sign(SECRET, b).toUpperCase()), 401, "invalid_signature"),
                rejected("forged signature (other secret)", Request.signed(valid).signature(b -> WebhookSignature.sign("guessed-secret", b)), 401, "invalid_signature"),
                rejected("signature not hex", Request.signed(valid).signature(b -> "z".repeat(64)), 401, "invalid_signature"),
                rejected("valid signature over a different body", Request.signed(valid).signature(b -> WebhookSignature.sign(SECRET, Fixtures.compact(Fixtures.distribution("other")))), 401, "invalid_signature"),
                rejected("signature with prefix", Request.signed(valid).signature(b -> "sha256=" + WebhookSignature.sign(SECRET, b)), 401, "invalid_signature"));
    }

    static Stream<Arguments> parked() {
        return Stream.of(
                parked("amount as a string", e -> e.with("data").with("balance").put("amount", "400"), "data.balance.amount is not an integer amount in minor units"),
                parked("amount negative", e -> e.with("data").with("balance").put("amount", -400), "data.balance.amount is negative"),
                parked("amount beyond 64 bits", e -> e.with("data").with("balance").put("amount", new java.math.BigInteger("18446744073709551616")), "data.balance.amount is out of range"),
                parked("amount with decimals", e -> e.with("data").with("balance").put("amount", new java.math.BigDecimal("4.00")), "data.balance.amount is not an integer amount in minor units"),
                parked("balance missing", e -> e.with("data").remove("balance"), "data.balance.amount is missing"),
                parked("new balance null", e -> e.with("data").with("balance").putNull("balance"), "data.balance.balance is missing"),
                parked("transaction null", e -> e.with("data").putNull("transaction"), "data.transaction.id is missing or not a string"),
                parked("transaction id missing", e -> e.with("data").with("transaction").remove("id"), "data.transaction.id is missing or not a string"),
                parked("transaction id is an object", e -> e.with("data").with("transaction").putObject("id"), "data.transaction.id is missing or not a string"),
                parked("voucher and its id missing", e -> {
                    e.with("data").remove("voucher");
                    e.with("data").with("transaction").remove("voucher_id");
                }, "data.voucher.id is missing or not a string"),
                parked("voucher id 10k characters", e -> e.with("data").with("voucher").put("id", "v".repeat(10_000)), "data.voucher.id is longer than 200 characters"),
                parked("timestamp not ISO-8601", e -> e.with("data").with("transaction").put("created_at", "yesterday"), "data.transaction.created_at is not an ISO-8601 timestamp"),
                parked("customer name is a number", e -> e.with("data").with("customer").put("name", 7), "name is not a string"));
    }

    private static Arguments rejected(String name, Request request, int status, String code) {
        return Arguments.of(name, request, status, code);
    }

    private static Arguments parked(String name, java.util.function.Consumer<ObjectNode> change, String reason) {
        return Arguments.of(name, change, reason);
    }

    @ParameterizedTest(name = "{0} -> {2} {3}")
    @MethodSource("rejected")
    void rejectedWithDocumentedStatusAndNothingTouched(String name, Request request, int status, String code) {
        Map<String, Long> queuesBefore = queueCounts();
        long invalidBefore = BROKER.enqueued(INVALID_QUEUE);
        int erpBefore = erpRows();
        int mailBefore = MAIL.total();

        HttpResponse<String> response = webhooks.send(request.body(), request.signature().apply(request.body()),
                request.contentType(), request.method());

        assertThat(response.statusCode()).as(name).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = Fixtures.parse(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        if (status == 405) {
            assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        }
        assertThat(queueCounts()).as("nothing reached the broker").isEqualTo(queuesBefore);
        assertThat(BROKER.enqueued(INVALID_QUEUE)).isEqualTo(invalidBefore);
        assertThat(erpRows()).isEqualTo(erpBefore);
        assertThat(MAIL.total()).isEqualTo(mailBefore);
    }

    @ParameterizedTest(name = "{0} -> 202 parked")
    @MethodSource("parked")
    void signedButUnusableBalanceEventIsAcknowledgedAndParkedNeverProcessed(String name,
            java.util.function.Consumer<ObjectNode> change, String reason) throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        change.accept(envelope);
        byte[] body = Fixtures.compact(envelope);
        Map<String, Long> queuesBefore = queueCounts();
        int erpBefore = erpRows();
        int mailBefore = MAIL.total();

        HttpResponse<String> response = webhooks.post(body);

        assertThat(response.statusCode()).as(name).isEqualTo(202);
        JsonNode answer = Fixtures.parse(response.body());
        assertThat(answer.get("status").asText()).isEqualTo("parked");
        assertThat(answer.get("event_id").asText()).isEqualTo("evcus_" + id);
        assertThat(answer.at("/error/code").asText()).isEqualTo("invalid_event");
        assertThat(answer.at("/error/message").asText()).isEqualTo(reason);
        TextMessage kept = (TextMessage) BROKER.client().receiveSelected(INVALID_QUEUE, "eventId = 'evcus_" + id + "'");
        assertThat(kept).as("kept for operators").isNotNull();
        assertThat(kept.getText().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(kept.getStringProperty("failureReason")).isEqualTo(reason);
        assertThat(queueCounts()).as("no leg and no subscriber saw it").isEqualTo(queuesBefore);
        assertThat(erpRows()).isEqualTo(erpBefore);
        assertThat(MAIL.total()).isEqualTo(mailBefore);
    }

    @Test
    void sqlMetacharactersAndMarkupInEveryStringAreStoredAndShownLiterally() throws Exception {
        String id = Fixtures.unique();
        String nasty = "'; DROP TABLE gift_card_balance; -- <img src=x onerror=alert(1)> \" \\ %_ :#${body}";
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").with("voucher").put("code", "CODE" + nasty);
        envelope.with("data").with("voucher").put("holder_id", "cust" + nasty);
        envelope.with("data").with("transaction").put("reason", "reason" + nasty);
        envelope.with("data").with("transaction").put("source", "src" + nasty);
        envelope.with("data").with("customer").put("name", "name" + nasty);
        envelope.with("data").with("customer").put("unexpected_field", nasty);
        envelope.put("another_unknown_top_level_field", nasty);

        assertThat(webhooks.post(Fixtures.compact(envelope)).statusCode()).isEqualTo(202);

        Map<String, Object> row = eventually.ledgerRow("vtx_" + id);
        assertThat(row.get("reason")).isEqualTo("reason" + nasty);
        assertThat(row.get("source")).isEqualTo("src" + nasty);
        assertThat(balance("v_" + id).get(0).get("voucher_code")).isEqualTo("CODE" + nasty);
        assertThat(balance("v_" + id).get(0).get("holder_id")).isEqualTo("cust" + nasty);
        String html = TestMail.part(eventually.emailTo(Fixtures.emailOf(id)), "text/html");
        assertThat(html).doesNotContain("<img").contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;");
    }

    @Test
    void nullsAndMissingOptionalFieldsAreFine() {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").putNull("campaign");
        envelope.with("data").with("voucher").putNull("code");
        envelope.with("data").with("voucher").putNull("holder_id");
        envelope.with("data").with("transaction").putNull("reason");
        envelope.with("data").with("transaction").remove("source");
        envelope.with("data").with("transaction").putNull("details");
        envelope.with("data").with("customer").putNull("name");
        envelope.with("data").with("customer").putNull("metadata");
        envelope.put("type", "");

        assertThat(webhooks.post(Fixtures.compact(envelope)).statusCode()).isEqualTo(202);

        eventually.ledgerRowAndEmailOf(id);
        assertThat(balance("v_" + id).get(0).get("holder_id")).isEqualTo("cust_IdgAFZxYwwHctOk9pPuMu308");
        assertThat(ledger("vtx_" + id).get(0).get("reason")).isNull();
    }

    @Test
    void aVeryLongReasonOrNameIsCutNotRefused() {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").with("transaction").put("reason", "r".repeat(100_000));
        envelope.with("data").with("customer").put("name", "n".repeat(100_000));

        assertThat(webhooks.post(Fixtures.compact(envelope)).statusCode()).isEqualTo(202);

        eventually.emailTo(Fixtures.emailOf(id));
        assertThat((String) eventually.ledgerRow("vtx_" + id).get("reason")).hasSize(1000);
    }

    @Test
    void previousSecretIsAcceptedDuringRotation() {
        String id = Fixtures.unique();
        byte[] body = Fixtures.compact(Fixtures.distribution(id));

        HttpResponse<String> response = webhooks.send(body, WebhookSignature.sign(PREVIOUS_SECRET, body), "application/json", "POST");

        assertThat(response.statusCode()).isEqualTo(202);
        eventually.ledgerRowAndEmailOf(id);
    }

    @Test
    void bodyReformattedInTransitStillVerifiesAgainstTheCompactSignature() throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        byte[] compact = Fixtures.compact(envelope);
        byte[] pretty = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope);

        HttpResponse<String> response = webhooks.send(pretty, WebhookSignature.sign(SECRET, compact), "application/json; charset=utf-8", "POST");

        assertThat(response.statusCode()).isEqualTo(202);
        eventually.ledgerRowAndEmailOf(id); // finished before the next test counts rows and emails
    }

    private Map<String, Long> queueCounts() {
        return LEG_AND_EVENT_QUEUES.stream().collect(java.util.stream.Collectors.toMap(q -> q, BROKER::enqueued));
    }

    private int erpRows() {
        return erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction", Integer.class)
                + erp.queryForObject("SELECT COUNT(*) FROM gift_card_balance", Integer.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] oversized() {
        ObjectNode envelope = Fixtures.distribution(Fixtures.unique());
        envelope.with("data").with("customer").with("metadata").put("padding", "x".repeat(300 * 1024));
        return Fixtures.compact(envelope);
    }

    private static byte[] deeplyNested(byte[] valid) {
        String text = new String(valid, StandardCharsets.UTF_8);
        return bytes(text.replace("\"metadata\":{", "\"metadata\":{\"deep\":" + "[".repeat(500) + "]".repeat(500) + ","));
    }

    private static byte[] invalidUtf8(byte[] valid) {
        String text = new String(valid, StandardCharsets.UTF_8);
        int at = text.indexOf("Jack Webhook") + 4;
        byte[] prefix = bytes(text.substring(0, at));
        byte[] suffix = bytes(text.substring(at));
        return concat(concat(prefix, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}), suffix);
    }

    private static byte[] without(byte[] valid, String key) {
        return edit(valid, e -> e.remove(key));
    }

    private static byte[] edit(byte[] valid, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode envelope = (ObjectNode) Fixtures.parse(new String(valid, StandardCharsets.UTF_8));
        change.accept(envelope);
        return Fixtures.compact(envelope);
    }
}
