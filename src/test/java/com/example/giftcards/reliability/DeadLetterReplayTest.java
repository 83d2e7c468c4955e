package com.example.giftcards.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.example.giftcards.support.FaultInjectionTest;
import com.example.giftcards.support.FaultyTcpProxy.Mode;
import com.example.giftcards.support.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A leg fails past its retries, its event is parked with the reason, and the admin replay brings it through once. */
class DeadLetterReplayTest extends FaultInjectionTest {

    private static final Duration SOON = Duration.ofSeconds(60);

    @Test
    void erpFailurePastRetriesIsParkedThenReplayedExactlyOnce() {
        String id = Fixtures.unique();
        ERP_PROXY.mode(Mode.DROP);

        assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isEqualTo(202);

        JsonNode parked = await().atMost(SOON).until(() -> parkedEntry("erp", "evcus_" + id), entry -> entry != null);
        assertThat(parked.get("event_type").asText()).isEqualTo("customer.voucher.gift.balance_added");
        assertThat(parked.get("transaction_id").asText()).isEqualTo("vtx_" + id);
        assertThat(parked.get("attempts").asInt()).isEqualTo(5); // first try + 4 redeliveries
        assertThat(parked.get("reason").asText()).isNotBlank();
        assertThat(parked.get("failed_at").asText()).isNotBlank();

        ERP_PROXY.mode(Mode.PASS);
        // Nothing was written while it was parked (the pool may need a moment to reconnect).
        await().atMost(SOON).ignoreExceptions().until(() -> ledger("vtx_" + id).isEmpty());

        HttpResponse<String> replay = admin("POST", "/admin/dead-letters/erp/replay?eventId=evcus_" + id, ADMIN_TOKEN);

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(Fixtures.parse(replay.body()).get("replayed").asInt()).isEqualTo(1);
        eventually.ledgerRow("vtx_" + id);
        assertThat(parkedEntry("erp", "evcus_" + id)).isNull();

        // Replaying again finds nothing; delivering the same event again changes nothing either.
        assertThat(Fixtures.parse(admin("POST", "/admin/dead-letters/erp/replay?eventId=evcus_" + id, ADMIN_TOKEN).body())
                .get("replayed").asInt()).isZero();
        assertThat(ledger("vtx_" + id)).hasSize(1);
        assertThat(MAIL.to(Fixtures.emailOf(id))).hasSize(1);
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
        SMTP_PROXY.mode(Mode.PASS);

        assertThat(admin("POST", "/admin/dead-letters/email/replay", ADMIN_TOKEN).statusCode()).isEqualTo(200);

        eventually.emailTo(Fixtures.emailOf(id));
        String marker = Fixtures.unique();
        webhooks.post(Fixtures.compact(Fixtures.distribution(marker)));
        eventually.emailTo(Fixtures.emailOf(marker));
        assertThat(MAIL.to(Fixtures.emailOf(id))).hasSize(1);
    }

    @Test
    void poisonOnALegQueueIsParkedAtOnceWithItsReason() {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").with("transaction").remove("id");
        // Straight onto the leg queue, as a hand-edited replay would arrive: the leg checks it again.
        BROKER.client().send("voucherify.leg.erp", session -> {
            var message = session.createTextMessage(new String(Fixtures.compact(envelope), java.nio.charset.StandardCharsets.UTF_8));
            message.setStringProperty("eventId", "evcus_" + id);
            message.setStringProperty("eventType", "customer.voucher.gift.balance_added");
            return message;
        });

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
