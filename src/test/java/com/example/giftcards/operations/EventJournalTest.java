package com.example.giftcards.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.example.giftcards.support.FaultInjectionTest;
import com.example.giftcards.support.FaultyTcpProxy.Mode;
import com.example.giftcards.support.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * "What happened to event X?" in one call: the journal of each case an operator meets, read back over the admin
 * endpoints, and the metrics moving with the same traffic.
 */
class EventJournalTest extends FaultInjectionTest {

    private static final Duration SOON = Duration.ofSeconds(60);

    @Test
    void anAcceptedEventIsDoneOnTheErpAndSentByEmail() {
        String id = Fixtures.unique();
        double acceptedBefore = metric("gift_webhooks_total{status=\"accepted\"");
        double sentBefore = metric("gift_leg_outcomes_total{leg=\"email\",outcome=\"sent\"");

        assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isEqualTo(202);

        JsonNode event = await().atMost(SOON).until(() -> journal("evcus_" + id),
                e -> outcome(e, "erp").equals("done") && outcome(e, "email").equals("sent"));
        assertThat(event.get("event_type").asText()).isEqualTo("customer.voucher.gift.balance_added");
        assertThat(event.get("transaction_id").asText()).isEqualTo("vtx_" + id);
        assertThat(event.get("voucher_id").asText()).isEqualTo("v_" + id);
        assertThat(event.get("status").asText()).isEqualTo("accepted");
        assertThat(event.get("received_at").asText()).isNotBlank();
        assertThat(event.at("/legs/erp/attempts").asInt()).isPositive();
        assertThat(event.at("/legs/email/at").asText()).isNotBlank();
        // (a connection an earlier test's outage left broken in a pool may cost a retry on the way)
        assertThat(outcomes(event, "erp")).startsWith("pending").endsWith("done").doesNotContain("dead_lettered");
        assertThat(outcomes(event, "email")).startsWith("pending").endsWith("sent").doesNotContain("dead_lettered");
        assertThat(event.toString()).as("no personal data").doesNotContain(Fixtures.emailOf(id), "Jack");
        await().atMost(SOON).untilAsserted(() -> {
            // once: the tests of this class post one at a time, and each answer comes after its count
            assertThat(metric("gift_webhooks_total{status=\"accepted\"")).as(giftMetrics()).isEqualTo(acceptedBefore + 1);
            // at least: another test's event, not waited for there, may be emailed meanwhile
            assertThat(metric("gift_leg_outcomes_total{leg=\"email\",outcome=\"sent\"")).as(giftMetrics()).isGreaterThan(sentBefore);
            assertThat(metric("gift_event_to_leg_seconds_count{leg=\"erp\"")).as(giftMetrics()).isPositive();
        });
    }

    @Test
    void anEventWithoutAnAddressIsSkippedOnTheEmailLeg() {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").with("customer").putNull("email");

        assertThat(webhooks.post(Fixtures.compact(envelope)).statusCode()).isEqualTo(202);

        JsonNode event = await().atMost(SOON).until(() -> journal("evcus_" + id), e -> outcome(e, "email").equals("skipped"));
        assertThat(event.at("/legs/email/reason").asText()).isEqualTo("no email address");
        assertThat(MAIL.to(Fixtures.emailOf(id))).isEmpty();
    }

    @Test
    void aFailingErpIsRetryingThenDoneOnceItIsBack() {
        String id = Fixtures.unique();
        ERP_PROXY.mode(Mode.DROP);

        assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isEqualTo(202);

        JsonNode retrying = await().atMost(SOON).until(() -> journal("evcus_" + id), e -> outcome(e, "erp").equals("retrying"));
        assertThat(retrying.at("/legs/erp/reason").asText()).isNotBlank();
        ERP_PROXY.mode(Mode.PASS);

        JsonNode done = await().atMost(SOON).until(() -> journal("evcus_" + id), e -> outcome(e, "erp").equals("done"));
        assertThat(done.at("/legs/erp/attempts").asInt()).isGreaterThan(1);
        assertThat(outcomes(done, "erp")).startsWith("pending", "retrying").endsWith("done");
    }

    @Test
    void aDeadLetteredEventIsReplayedThenDone() {
        String id = Fixtures.unique();
        ERP_PROXY.mode(Mode.DROP);

        assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isEqualTo(202);

        await().atMost(SOON).until(() -> journal("evcus_" + id), e -> outcome(e, "erp").equals("dead_lettered"));
        ERP_PROXY.mode(Mode.PASS);
        assertThat(admin("POST", "/admin/dead-letters/erp/replay?eventId=evcus_" + id, ADMIN_TOKEN).statusCode()).isEqualTo(200);

        JsonNode event = await().atMost(SOON).until(() -> journal("evcus_" + id), e -> outcome(e, "erp").equals("done"));
        List<String> erp = outcomes(event, "erp");
        // the first attempt after the outage may still meet a connection the pool has yet to replace: retrying is fine
        assertThat(erp.subList(erp.indexOf("dead_lettered"), erp.size())).startsWith("dead_lettered", "replayed").endsWith("done")
                .doesNotContain("pending");
    }

    @Test
    void aDuplicateKeepsTheFirstAnswerAndIsInTheHistory() {
        String id = Fixtures.unique();
        byte[] body = Fixtures.compact(Fixtures.distribution(id));
        assertThat(webhooks.post(body).statusCode()).isEqualTo(202);

        assertThat(webhooks.post(body).statusCode()).isEqualTo(200);

        await().atMost(SOON).untilAsserted(() -> {
            JsonNode event = journal("evcus_" + id);
            assertThat(event.get("status").asText()).isEqualTo("accepted");
            assertThat(event.findValuesAsText("outcome")).contains("duplicate");
        });
    }

    @Test
    void eventsAreFoundByTransactionAndByVoucherNewestFirst() {
        String id = Fixtures.unique();
        assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isEqualTo(202);
        assertThat(webhooks.post(Fixtures.compact(Fixtures.projectSettings(id))).statusCode()).isEqualTo(202); // same transaction

        // The journal is written in batches, off the intake's path: wait for both records, then check the order
        await().atMost(SOON).untilAsserted(() -> {
            JsonNode byTransaction = Fixtures.parse(admin("GET", "/admin/events?transactionId=vtx_" + id, ADMIN_TOKEN).body());
            JsonNode byVoucher = Fixtures.parse(admin("GET", "/admin/events?voucherId=v_" + id, ADMIN_TOKEN).body());
            assertThat(byTransaction.findValuesAsText("event_id")).containsExactly("evvou_" + id, "evcus_" + id);
            assertThat(byVoucher.findValuesAsText("event_id")).containsExactly("evvou_" + id, "evcus_" + id);
        });
    }

    @Test
    void theJournalNeedsTheTokenAndKnowsWhatItDoesNotKnow() {
        assertThat(admin("GET", "/admin/events/evcus_whatever", null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/admin/events/evcus_whatever", "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = admin("GET", "/admin/events/evcus_never_" + Fixtures.unique(), ADMIN_TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Fixtures.parse(unknown.body()).at("/error/code").asText()).isEqualTo("unknown_event");
        assertThat(admin("GET", "/admin/events", ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/admin/events/evcus_whatever", ADMIN_TOKEN).statusCode()).isEqualTo(405);
    }

    @Test
    void refusalsAndQueueDepthsAreMetrics() {
        double unauthorized = metric("gift_webhooks_total{status=\"401\"");
        double notAllowed = metric("gift_webhooks_total{status=\"405\"");

        assertThat(webhooks.send(Fixtures.compact(Fixtures.distribution(Fixtures.unique())), "0".repeat(64), "application/json", "POST").statusCode()).isEqualTo(401);
        assertThat(webhooks.send(null, null, null, "GET").statusCode()).isEqualTo(405);

        // counted once the answer went out: wait for it
        await().atMost(SOON).untilAsserted(() -> {
            assertThat(metric("gift_webhooks_total{status=\"401\"")).as(giftMetrics()).isEqualTo(unauthorized + 1);
            assertThat(metric("gift_webhooks_total{status=\"405\"")).as(giftMetrics()).isEqualTo(notAllowed + 1);
        });
        String prometheus = prometheus();
        for (String queue : List.of("voucherify.gift.balance_added", "voucherify.leg.erp", "voucherify.leg.email",
                "DLQ.voucherify.leg.erp", "DLQ.voucherify.leg.email", "voucherify.events.unhandled", "voucherify.events.invalid")) {
            assertThat(prometheus).contains("gift_queue_depth{queue=\"" + queue + "\"");
        }
    }

    private JsonNode journal(String eventId) {
        HttpResponse<String> response = admin("GET", "/admin/events/" + eventId, ADMIN_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Fixtures.parse(response.body());
    }

    private static String outcome(JsonNode event, String leg) {
        return event.at("/legs/" + leg + "/outcome").asText();
    }

    private static List<String> outcomes(JsonNode event, String leg) {
        List<String> outcomes = new ArrayList<>();
        event.get("history").forEach(entry -> {
            if (leg.equals(entry.get("leg").asText())) {
                outcomes.add(entry.get("outcome").asText());
            }
        });
        return outcomes;
    }

    private String prometheus() {
        return admin("GET", "/actuator/prometheus", null).body();
    }

    private String giftMetrics() {
        return String.join("\n", prometheus().lines().filter(line -> line.startsWith("gift_") && !line.contains("_bucket")).toList());
    }

    /** The value of the first series that starts so, 0 when there is none yet. */
    private double metric(String seriesStart) {
        return prometheus().lines().filter(line -> line.startsWith(seriesStart))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }
}
