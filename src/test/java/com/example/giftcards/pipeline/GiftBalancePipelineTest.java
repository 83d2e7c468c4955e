package com.example.giftcards.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.example.giftcards.support.DatabaseTest;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.example.giftcards.support.LegWatch;
import com.example.giftcards.support.TestMail;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The whole pipeline, end to end over real HTTP, broker, database and SMTP server. */
@DatabaseTest
@ExtendWith(OutputCaptureExtension.class)
class GiftBalancePipelineTest extends IntegrationTest {

    @Test
    void distributionEventBecomesJmsEventErpRowsAndEmail() throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").with("customer").put("name", "Jürgen <script>alert('x')</script> & Co");
        // Pretty-printed, non-ASCII: the JMS body must still be the very bytes that were posted.
        byte[] body = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope);

        long sent = System.nanoTime();
        HttpResponse<String> response = webhooks.post(body);
        long answeredInMs = (System.nanoTime() - sent) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(202);
        // The hand-off's sends wait for no reply (camel.component.jms.disable-reply-to): one that did would hold the
        // answer for the JMS request timeout (20 s).
        assertThat(answeredInMs).as("answered in ms").isLessThan(5000);
        assertThat(Fixtures.parse(response.body())).isEqualTo(Fixtures.parse(
                "{\"status\":\"accepted\",\"event_id\":\"evcus_" + id + "\"}"));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.headers().map().keySet()).map(String::toLowerCase)
                .doesNotContain("subject", "to", "from", "eventid", "transactionid", "voucherid", "jmsmessageid", "camelmailalternativebody");

        TextMessage event = (TextMessage) publicEvent("evcus_" + id);
        assertThat(event.getText().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(event.getStringProperty("eventId")).isEqualTo("evcus_" + id);
        assertThat(event.getStringProperty("eventType")).isEqualTo("customer.voucher.gift.balance_added");
        assertThat(event.getStringProperty("voucherId")).isEqualTo("v_" + id);
        assertThat(event.getStringProperty("transactionId")).isEqualTo("vtx_" + id);
        assertThat(event.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(event.getJMSReplyTo()).as("no reply expected").isNull();

        Map<String, Object> row = eventually.ledgerRow("vtx_" + id);
        assertThat(((Number) row.get("amount")).longValue()).isEqualTo(400);
        assertThat(((Number) row.get("balance_after")).longValue()).isEqualTo(15900);
        assertThat(row.get("voucher_id")).isEqualTo("v_" + id);
        assertThat(row.get("reason")).isEqualTo("Refund");
        assertThat(row.get("source")).isEqualTo("voucherify-web-ui");
        assertThat(row.get("event_id")).isEqualTo("evcus_" + id);
        assertThat(row.get("occurred_at")).isNotNull();
        assertThat(row.get("received_at")).isNotNull();
        Map<String, Object> card = balance("v_" + id).get(0);
        assertThat(((Number) card.get("balance")).longValue()).isEqualTo(15900);
        assertThat(card.get("currency")).isEqualTo("EUR");
        assertThat(card.get("voucher_code")).isEqualTo("Gift-for-you-0");
        assertThat(card.get("holder_id")).isEqualTo("cust_IdgAFZxYwwHctOk9pPuMu308");
        assertThat(card.get("last_transaction_id")).isEqualTo("vtx_" + id);

        MimeMessage email = eventually.emailTo(Fixtures.emailOf(id));
        assertThat(email.getSubject()).isEqualTo("Your gift card has been topped up with €4.00 (new balance €159.00)");
        assertThat(email.getFrom()[0].toString()).contains("gift-cards@shop.example");
        String html = TestMail.part(email, "text/html");
        String text = TestMail.part(email, "text/plain");
        assertThat(html).contains("€4.00", "€159.00", "Gift-for-you-0", "vtx_" + id)
                .contains("Jürgen &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co")
                .doesNotContain("<script>");
        assertThat(text).contains("€4.00", "€159.00", "Gift-for-you-0", "Jürgen <script>alert('x')</script> & Co");
        assertThat(email.getHeader("eventId")).isNull();
        assertThat(email.getHeader("JMSMessageID")).isNull();
    }

    @Test
    void theLogsCarryIdsButNoPersonalDataAndNoSecret(CapturedOutput output) {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").with("customer").put("name", "Zebulon Quixote-" + id);
        byte[] body = Fixtures.compact(envelope);
        LegWatch erpLeg = LegWatch.erpLeg(camel, BROKER, "evcus_" + id);
        LegWatch emailLeg = LegWatch.emailLeg(camel, BROKER, "evcus_" + id);
        webhooks.send(body, "f".repeat(64), "application/json", "POST"); // a forged one too

        assertThat(webhooks.post(body).statusCode()).isEqualTo(202);

        // Both legs are done with the event: everything it will ever log is in the output now.
        erpLeg.awaitDone();
        emailLeg.awaitDone();
        eventually.ledgerRowAndEmailOf(id);
        assertThat(output.getOut()).contains("Top-up email sent for transaction vtx_" + id, "ERP updated for transaction vtx_" + id);
        assertThat(output.getAll()).contains("vtx_" + id)
                .doesNotContain(Fixtures.emailOf(id), "Zebulon", SECRET);
    }

    @Test
    void projectSettingsVariantUpdatesErpAndPublishesButSendsNoEmail() throws Exception {
        String id = Fixtures.unique();
        LegWatch skipped = LegWatch.emailLegSkipped(camel, BROKER, "evvou_" + id);

        HttpResponse<String> response = webhooks.post(Fixtures.compact(Fixtures.projectSettings(id)));

        assertThat(response.statusCode()).isEqualTo(202);
        Message event = publicEvent("evvou_" + id);
        assertThat(event.getStringProperty("eventType")).isEqualTo("voucher.gift.balance_added");
        assertThat(event.getStringProperty("voucherId")).isEqualTo("v_" + id);
        eventually.ledgerRow("vtx_" + id);
        assertThat(balance("v_" + id)).singleElement().satisfies(card -> {
            assertThat(((Number) card.get("balance")).longValue()).isEqualTo(15900);
            assertThat(card.get("holder_id")).isEqualTo("cust_IdgAFZxYwwHctOk9pPuMu308");
        });
        assertThat(ledger("vtx_" + id).get(0).get("reason")).isNull();

        skipped.awaitDone(); // the email leg finished the event as one without an address
        assertThat(MAIL.mentioning("vtx_" + id)).as("no email about this transaction").isZero();
    }

    @Test
    void nullEmailMeansNoEmailButTheOtherLegsRun() throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").with("customer").putNull("email");
        LegWatch skipped = LegWatch.emailLegSkipped(camel, BROKER, "evcus_" + id);

        assertThat(webhooks.post(Fixtures.compact(envelope)).statusCode()).isEqualTo(202);

        assertThat(publicEvent("evcus_" + id)).isNotNull();
        eventually.ledgerRow("vtx_" + id);
        skipped.awaitDone(); // the email leg finished the event as one without an address
        assertThat(MAIL.mentioning("vtx_" + id)).as("no email about this transaction").isZero();
    }

    @Test
    void managementApiSpellingIsAccepted() throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("event").put("type", "customer.voucher.gift.balance_aded");

        HttpResponse<String> response = webhooks.post(Fixtures.compact(envelope));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(Fixtures.parse(response.body()).get("status").asText()).isEqualTo("accepted");
        assertThat(publicEvent("evcus_" + id).getStringProperty("eventType")).isEqualTo("customer.voucher.gift.balance_added");
        eventually.ledgerRow("vtx_" + id);
    }

    @Test
    void eventTypeFallsBackToTopLevelTypeWhenEventTypeIsMissing() throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.projectSettings(id);
        envelope.with("event").remove("type");

        assertThat(webhooks.post(Fixtures.compact(envelope)).statusCode()).isEqualTo(202);
        assertThat(publicEvent("evvou_" + id).getStringProperty("eventType")).isEqualTo("voucher.gift.balance_added");
    }

    @Test
    void otherEventTypesAreAcknowledgedAndKeptOnTheUnhandledQueue() throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.sample(Fixtures.UNRELATED);
        envelope.with("event").put("id", "evvou_" + id);
        Map<String, Long> queuedBefore = handOffQueueCounts();
        byte[] body = Fixtures.compact(envelope);

        HttpResponse<String> response = webhooks.post(body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(Fixtures.parse(response.body())).isEqualTo(Fixtures.parse(
                "{\"status\":\"ignored\",\"event_id\":\"evvou_" + id + "\"}"));
        TextMessage kept = (TextMessage) BROKER.client().receiveSelected("voucherify.events.unhandled", "eventId = 'evvou_" + id + "'");
        assertThat(kept).isNotNull();
        assertThat(kept.getText().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(kept.getStringProperty("eventType")).isEqualTo("voucher.created");
        assertThat(handOffQueueCounts()).as("nothing handed off").isEqualTo(queuedBefore);
    }

    @Test
    void aRepeatedDeliveryIsAnsweredDuplicateAndReachesNoLegTwice() throws Exception {
        String id = Fixtures.unique();
        byte[] body = Fixtures.compact(Fixtures.distribution(id));
        Map<String, Long> queuedBefore = handOffQueueCounts();
        LegWatch erpLeg = LegWatch.erpLeg(camel, BROKER, "evcus_" + id);
        LegWatch emailLeg = LegWatch.emailLegThrough(camel, BROKER, "evcus_" + id, "email-once");

        assertThat(webhooks.post(body).statusCode()).isEqualTo(202);
        HttpResponse<String> repeat = webhooks.post(body);

        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(Fixtures.parse(repeat.body())).isEqualTo(Fixtures.parse(
                "{\"status\":\"duplicate\",\"event_id\":\"evcus_" + id + "\"}"));
        // Each answer comes after its hand-off committed: what the two deliveries put on the queues is all there is.
        assertThat(handOffQueueCounts()).as("handed off once")
                .allSatisfy((queue, count) -> assertThat(count).as(queue).isEqualTo(queuedBefore.get(queue) + 1));
        assertThat(BROKER.client().receiveSelected("voucherify.gift.balance_added", "eventId = 'evcus_" + id + "'")).isNotNull();
        // And the one hand-off is finished by both legs: one ledger row, one email, and no more to come.
        erpLeg.awaitDone();
        emailLeg.awaitDone();
        assertThat(ledger("vtx_" + id)).hasSize(1);
        assertThat(MAIL.to(Fixtures.emailOf(id))).hasSize(1);
    }

    /** How many messages were ever put on each queue of the hand-off: the public event queue and the two legs'. */
    private static Map<String, Long> handOffQueueCounts() {
        return Map.of("voucherify.gift.balance_added", BROKER.enqueued("voucherify.gift.balance_added"),
                "voucherify.leg.erp", BROKER.enqueued("voucherify.leg.erp"),
                "voucherify.leg.email", BROKER.enqueued("voucherify.leg.email"));
    }

    private Message publicEvent(String eventId) {
        Message message = BROKER.client().receiveSelected("voucherify.gift.balance_added", "eventId = '" + eventId + "'");
        assertThat(message).as("event %s on voucherify.gift.balance_added", eventId).isNotNull();
        return message;
    }
}
