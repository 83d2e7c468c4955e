package com.example.giftcards.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.example.giftcards.support.DatabaseTest;
import com.example.giftcards.support.FaultInjectionTest;
import com.example.giftcards.support.FaultyTcpProxy.Mode;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.LegWatch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

/** A leg fails past its retries, its event is parked with the reason, and the admin replay brings it through once. */
@DatabaseTest
class DeadLetterReplayTest extends FaultInjectionTest {

    private static final Duration SOON = Duration.ofSeconds(60);
    private static final String ERP_LEG_QUEUE = "voucherify.leg.erp";
    private static final String EMAIL_LEG_QUEUE = "voucherify.leg.email";
    private static final String ERP_DEAD_LETTERS = "DLQ.voucherify.leg.erp";

    @Test
    void erpFailurePastRetriesIsParkedThenReplayedExactlyOnce() {
        String id = Fixtures.unique();
        String eventId = "evcus_" + id;
        byte[] envelope = Fixtures.compact(Fixtures.distribution(id));
        ERP_PROXY.mode(Mode.DROP);

        assertThat(webhooks.post(envelope).statusCode()).isEqualTo(202);

        JsonNode parked = await().atMost(SOON).until(() -> parkedEntry("erp", eventId), entry -> entry != null);
        assertThat(parked.get("event_type").asText()).isEqualTo("customer.voucher.gift.balance_added");
        assertThat(parked.get("transaction_id").asText()).isEqualTo("vtx_" + id);
        assertThat(parked.get("attempts").asInt()).isEqualTo(5); // first try + 4 redeliveries
        assertThat(parked.get("reason").asText()).isNotBlank();
        assertThat(parked.get("failed_at").asText()).isNotBlank();
        eventually.emailTo(Fixtures.emailOf(id)); // the email leg does not wait for the ERP

        ERP_PROXY.mode(Mode.PASS);
        awaitErpAnswering();
        // The ERP answers through the leg's own pool again, and the leg has let go of the event: no copy of it is on
        // the ERP leg's queue, waiting or being processed. Its row is still absent, so nothing wrote it while it was
        // parked, and nothing but a replay will.
        assertThat(BROKER.holds(ERP_LEG_QUEUE, eventId)).as("a copy still on the ERP leg").isFalse();
        assertThat(ledger("vtx_" + id)).as("written while parked").isEmpty();
        LegWatch replayed = LegWatch.erpLeg(camel, BROKER, eventId);

        HttpResponse<String> replay = admin("POST", "/admin/dead-letters/erp/replay?eventId=" + eventId, ADMIN_TOKEN);

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(Fixtures.parse(replay.body()).get("replayed").asInt()).isEqualTo(1);
        replayed.awaitDone();
        Map<String, Object> row = eventually.ledgerRow("vtx_" + id);
        Map<String, Object> card = balance("v_" + id).get(0);
        assertThat(parkedEntry("erp", eventId)).isNull();

        // Replaying again finds nothing; delivering the same event again (as a redelivery would) changes nothing.
        assertThat(Fixtures.parse(admin("POST", "/admin/dead-letters/erp/replay?eventId=" + eventId, ADMIN_TOKEN).body())
                .get("replayed").asInt()).isZero();
        LegWatch erpAgain = LegWatch.erpLeg(camel, BROKER, eventId);
        LegWatch emailAgain = LegWatch.emailLegThrough(camel, BROKER, eventId, "email-once");
        deliverToLeg(ERP_LEG_QUEUE, envelope, eventId);
        deliverToLeg(EMAIL_LEG_QUEUE, envelope, eventId);
        erpAgain.awaitDone();
        emailAgain.awaitDone();
        assertThat(ledger("vtx_" + id)).containsExactly(row);
        assertThat(balance("v_" + id)).containsExactly(card);
        assertThat(MAIL.to(Fixtures.emailOf(id))).as("emails, after a repeat of an event already emailed").hasSize(1);
        assertThat(parkedEntry("erp", eventId)).as("the repeat parked").isNull();
        assertThat(parkedEntry("email", eventId)).as("the repeat parked").isNull();
    }

    @Test
    void anSqlErrorRollsBackBothErpStatementsThenRetriesParksAndReplays() {
        String id = Fixtures.unique();
        // The ERP refuses this voucher's balance row: the ledger row, written first, must be rolled back with it.
        erp.execute("ALTER TABLE gift_card_balance ADD CONSTRAINT refuse_" + id + " CHECK (voucher_id <> 'v_" + id + "')");
        try {
            assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isEqualTo(202);

            JsonNode parked = await().atMost(SOON).until(() -> parkedEntry("erp", "evcus_" + id), entry -> entry != null);
            assertThat(parked.get("attempts").asInt()).isEqualTo(5);
            assertThat(ledger("vtx_" + id)).as("rolled back with the balance").isEmpty();
            assertThat(balance("v_" + id)).isEmpty();
        } finally {
            erp.execute("ALTER TABLE gift_card_balance DROP CONSTRAINT refuse_" + id);
        }

        assertThat(admin("POST", "/admin/dead-letters/erp/replay?eventId=evcus_" + id, ADMIN_TOKEN).statusCode()).isEqualTo(200);

        eventually.ledgerRow("vtx_" + id);
        assertThat(balance("v_" + id)).hasSize(1);
    }

    @Test
    void emailFailurePastRetriesIsParkedThenReplayedToOneEmail() {
        String id = Fixtures.unique();
        SMTP_PROXY.mode(Mode.SMTP_BUSY);

        assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isEqualTo(202);

        JsonNode parked = await().atMost(SOON).until(() -> parkedEntry("email", "evcus_" + id), entry -> entry != null);
        assertThat(parked.get("reason").asText()).contains("421");
        assertThat(MAIL.to(Fixtures.emailOf(id))).as("emails while the server refused").isEmpty();
        SMTP_PROXY.mode(Mode.PASS);
        LegWatch replayed = LegWatch.emailLeg(camel, BROKER, "evcus_" + id);

        assertThat(admin("POST", "/admin/dead-letters/email/replay", ADMIN_TOKEN).statusCode()).isEqualTo(200);

        replayed.awaitDone(); // the email leg is through with the replayed event: no more emails of it to come
        assertThat(MAIL.to(Fixtures.emailOf(id))).hasSize(1);
        assertThat(parkedEntry("email", "evcus_" + id)).isNull();
    }

    /**
     * The legs acknowledge a message once its route completed: a process killed between parking an event and that
     * acknowledgement parks the redelivered event again. The operator sees it once and replays it once.
     */
    @Test
    void anEventParkedTwiceIsListedAndReplayedOnce() {
        String id = Fixtures.unique();
        String eventId = "evcus_" + id;
        byte[] envelope = Fixtures.compact(Fixtures.distribution(id));
        parkDirectly(ERP_DEAD_LETTERS, envelope, eventId);
        parkDirectly(ERP_DEAD_LETTERS, envelope, eventId);

        assertThat(parkedEntries("erp", eventId)).as("listed").isEqualTo(1);
        LegWatch replayed = LegWatch.erpLeg(camel, BROKER, eventId);
        HttpResponse<String> replay = admin("POST", "/admin/dead-letters/erp/replay?eventId=" + eventId, ADMIN_TOKEN);

        assertThat(Fixtures.parse(replay.body()).get("replayed").asInt()).isEqualTo(1);
        replayed.awaitDone();
        eventually.ledgerRow("vtx_" + id);
        assertThat(parkedEntries("erp", eventId)).as("still parked").isZero();
        assertThat(BROKER.holds(ERP_DEAD_LETTERS, eventId)).as("a copy left on the dead-letter queue").isFalse();
        assertThat(BROKER.holds(ERP_LEG_QUEUE, eventId)).as("a second copy on the ERP leg").isFalse();
    }

    @Test
    void poisonOnALegQueueIsParkedAtOnceWithItsReason() {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").with("transaction").remove("id");
        // Straight onto the leg queue, as a hand-edited replay would arrive: the leg checks it again.
        deliverToLeg(ERP_LEG_QUEUE, Fixtures.compact(envelope), "evcus_" + id);

        JsonNode parked = await().atMost(SOON).until(() -> parkedEntry("erp", "evcus_" + id), entry -> entry != null);

        assertThat(parked.get("attempts").asInt()).isEqualTo(1);
        assertThat(parked.get("reason").asText()).isEqualTo("data.transaction.id is missing or not a string");
        assertThat(parked.get("failure_type").asText()).endsWith("InvalidEventException");
    }

    @Test
    void adminEndpointsNeedTheTokenAndAKnownLeg() {
        assertThat(admin("GET", "/admin/dead-letters/erp", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrongToken = admin("GET", "/admin/dead-letters/erp", "not-the-token");
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(Fixtures.parse(wrongToken.body()).at("/error/code").asText()).isEqualTo("admin_unauthorized");
        assertThat(wrongToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(admin("GET", "/admin/dead-letters/ledger", ADMIN_TOKEN).statusCode()).isEqualTo(404);
        assertThat(admin("DELETE", "/admin/dead-letters/erp", ADMIN_TOKEN).statusCode()).isEqualTo(405);
        assertThat(admin("GET", "/admin/dead-letters/erp/replay", ADMIN_TOKEN).statusCode()).isEqualTo(405);
        HttpResponse<String> list = admin("GET", "/admin/dead-letters/email", ADMIN_TOKEN);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(Fixtures.parse(list.body()).isArray()).isTrue();
    }

    /** Straight onto a leg's queue, with its event id, as a redelivery or a replay arrives there. */
    private static void deliverToLeg(String queue, byte[] envelope, String eventId) {
        BROKER.client().send(queue, session -> {
            TextMessage message = session.createTextMessage(new String(envelope, StandardCharsets.UTF_8));
            message.setStringProperty("eventId", eventId);
            message.setStringProperty("eventType", "customer.voucher.gift.balance_added");
            return message;
        });
    }

    /** As the leg's dead-letter channel parks it: the envelope, its event id and the failure properties. */
    private static void parkDirectly(String queue, byte[] envelope, String eventId) {
        BROKER.client().send(queue, session -> {
            TextMessage message = session.createTextMessage(new String(envelope, StandardCharsets.UTF_8));
            message.setStringProperty("eventId", eventId);
            message.setStringProperty("eventType", "customer.voucher.gift.balance_added");
            message.setStringProperty("failureReason", "Could not open JDBC Connection for transaction");
            message.setStringProperty("failureType", "org.springframework.transaction.CannotCreateTransactionException");
            message.setIntProperty("attempts", 13);
            message.setStringProperty("leg", "erp");
            return message;
        });
    }

    private long parkedEntries(String leg, String eventId) {
        HttpResponse<String> list = admin("GET", "/admin/dead-letters/" + leg, ADMIN_TOKEN);
        assertThat(list.statusCode()).isEqualTo(200);
        long found = 0;
        for (JsonNode entry : Fixtures.parse(list.body())) {
            found += eventId.equals(entry.path("event_id").asText()) ? 1 : 0;
        }
        return found;
    }

    private JsonNode parkedEntry(String leg, String eventId) {
        HttpResponse<String> list = admin("GET", "/admin/dead-letters/" + leg, ADMIN_TOKEN);
        assertThat(list.statusCode()).isEqualTo(200);
        for (JsonNode entry : Fixtures.parse(list.body())) {
            if (eventId.equals(entry.path("event_id").asText())) {
                return entry;
            }
        }
        return null;
    }
}
