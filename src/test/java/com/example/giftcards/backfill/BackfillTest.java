package com.example.giftcards.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.example.giftcards.support.DatabaseTest;
import com.example.giftcards.support.FakeVoucherify;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.example.giftcards.support.TestMail;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.internet.MimeMessage;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The backfill end to end: a fake Voucherify (several pages of cards and of transactions, in the API's shapes), the
 * real broker, SMTP server and ERP database. Each test's transactions lie in a window of their own, one minute
 * apart, so a run books only that test's transactions (it looks at every card, though: drift is asserted per card).
 */
@DatabaseTest
class BackfillTest extends IntegrationTest {

    static final FakeVoucherify VOUCHERIFY = FakeVoucherify.start("app-backfill-test", "token-backfill-test");
    private static final String PUBLIC_TRANSACTIONS = "voucherify.gift.transaction.created";

    @DynamicPropertySource
    static void voucherify(DynamicPropertyRegistry registry) {
        registry.add("VOUCHERIFY_API_URL", VOUCHERIFY::url);
        registry.add("VOUCHERIFY_APP_ID", () -> "app-backfill-test");
        registry.add("VOUCHERIFY_APP_TOKEN", () -> "token-backfill-test");
        registry.add("VOUCHERIFY_API_MAX_PER_MINUTE", () -> "100000");
        registry.add("GIFT_BACKFILL_EVERY", () -> "0");       // runs on request only
    }

    @Autowired
    MeterRegistry metrics;

    private BackfillClient backfill;

    @BeforeEach
    void client() {
        backfill = new BackfillClient(http);
    }


    @Test
    void booksWhatNeverArrivedEmailsTopUpsAndPublishesEachOnce() throws Exception {
        String id = Fixtures.unique();
        Instant t0 = BackfillClient.window();
        FakeVoucherify.Customer anna = VOUCHERIFY.customer("Anna Weber", "anna-" + id + "@example.com", "de-AT");
        FakeVoucherify.Customer john = VOUCHERIFY.customer("John Smith", "john-" + id + "@example.com", null);
        FakeVoucherify.Voucher annaCard = VOUCHERIFY.giftCard("BF-A-" + id, anna);
        VOUCHERIFY.transaction(annaCard, "CREDITS_ADDITION", 700, t0.minus(Duration.ofMinutes(30)));   // before the window
        FakeVoucherify.Transaction added = VOUCHERIFY.transaction(annaCard, "CREDITS_ADDITION", 5000, t0.plusSeconds(1));
        FakeVoucherify.Transaction spent = VOUCHERIFY.transaction(annaCard, "CREDITS_REDEMPTION", -1200, t0.plusSeconds(2));
        FakeVoucherify.Transaction addedAgain = VOUCHERIFY.transaction(annaCard, "CREDITS_ADDITION", 300, t0.plusSeconds(3));
        FakeVoucherify.Voucher johnCard = VOUCHERIFY.giftCard("BF-J-" + id, john);
        FakeVoucherify.Transaction johns = VOUCHERIFY.transaction(johnCard, "CREDITS_ADDITION", 2000, t0.plusSeconds(4));
        // A card with two pages of transactions, and more than a page of cards
        FakeVoucherify.Voucher busyCard = VOUCHERIFY.giftCard("BF-B-" + id, null);
        VOUCHERIFY.transaction(busyCard, "CREDITS_ADDITION", 100_000, t0.plusSeconds(5));
        for (int i = 0; i < 119; i++) {
            VOUCHERIFY.transaction(busyCard, "CREDITS_REDEMPTION", -100, t0.plusSeconds(6).plusMillis(i));
        }
        for (int i = 0; i < 110; i++) {
            VOUCHERIFY.transaction(VOUCHERIFY.giftCard("BF-M" + i + "-" + id, null), "CREDITS_ADDITION", 1000, t0.plusSeconds(7));
        }
        VOUCHERIFY.otherVoucher("DISC-" + id, "DISCOUNT_VOUCHER", Instant.now());

        JsonNode report = backfill.run(t0, t0.plusSeconds(50));

        assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("done");
        assertThat(report.path("transactions_seen").asInt()).isEqualTo(3 + 1 + 120 + 110);
        assertThat(report.path("transactions_booked").asInt()).isEqualTo(3 + 1 + 120 + 110);
        assertThat(report.path("vouchers_checked").asInt()).isGreaterThanOrEqualTo(3 + 110);
        assertThat(report.path("since").asText()).isEqualTo(t0.toString());
        for (FakeVoucherify.Transaction transaction : List.of(added, spent, addedAgain, johns)) {
            assertThat(ledger(transaction.id())).hasSize(1);
        }
        assertThat(erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE voucher_id = ?", Long.class, busyCard.id()))
                .isEqualTo(120);
        assertThat(erp.queryForObject("SELECT SUM(amount) FROM gift_card_transaction WHERE voucher_id = ?", Long.class, annaCard.id()))
                .isEqualTo(5000 - 1200 + 300);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(balance(annaCard.id()).get(0).get("balance")).isEqualTo(4800L);
            assertThat(balance(busyCard.id()).get(0).get("balance")).isEqualTo(100_000L - 11_900L);
        });
        assertThat(report.path("drift").toString()).doesNotContain(annaCard.id(), johnCard.id(), busyCard.id());
        // A card with no transaction in any window so far: the ERP has no row for it
        FakeVoucherify.Voucher unknownToErp = VOUCHERIFY.giftCard("BF-U-" + id, null);
        VOUCHERIFY.transaction(unknownToErp, "CREDITS_ADDITION", 650, t0.minus(Duration.ofDays(1)));
        JsonNode drift = backfill.run(t0, t0.plusSeconds(50)).path("drift");
        assertThat(drift.toString()).contains("{\"voucher_id\":\"" + unknownToErp.id() + "\",\"voucher_code\":\"BF-U-" + id
                + "\",\"erp_balance\":null,\"voucherify_balance\":650}");

        // Money added, in the customer's language; the redemption and the cards without a holder: no email
        List<MimeMessage> annas = await().atMost(Duration.ofSeconds(60)).until(() -> MAIL.to(anna.email()), m -> m.size() >= 2);
        assertThat(annas).hasSize(2);
        assertThat(annas.get(0).getSubject()).contains("Geschenkkarte");
        assertThat(eventually.emailTo(john.email()).getSubject()).contains("gift card");
        assertThat(backfill.emailOutcome("evbf_" + spent.id()).path("reason").asText()).contains("not a top-up");
        assertThat(backfill.emailOutcome("evbf_" + added.id()).path("outcome").asText()).isEqualTo("sent");

        // The public event, built from the API's objects, marked as the backfill's
        List<Map<String, Object>> published = BROKER.propertiesOf(PUBLIC_TRANSACTIONS, "evbf_" + added.id());
        assertThat(published).hasSize(1);
        assertThat(published.get(0)).containsEntry("origin", "backfill").containsEntry("transactionType", "CREDITS_ADDITION")
                .containsEntry("transactionId", added.id()).containsEntry("voucherId", annaCard.id());
        assertThat((String) published.get(0).get("receivedAt")).isNotBlank();
        // Only gift cards were asked for their transactions
        assertThat(VOUCHERIFY.requests()).noneMatch(r -> r.path().contains("DISC-" + id));
        assertThat(VOUCHERIFY.requests()).allMatch(r -> r.tokenMatched() && "app-backfill-test".equals(r.appId()));
    }

    @Test
    void aRunRepeatedOverTheSameWindowBooksSendsAndPublishesNothing() throws Exception {
        String id = Fixtures.unique();
        Instant t0 = BackfillClient.window();
        FakeVoucherify.Customer customer = VOUCHERIFY.customer("Mia Lund", "mia-" + id + "@example.com", "en");
        FakeVoucherify.Voucher card = VOUCHERIFY.giftCard("BF-R-" + id, customer);
        FakeVoucherify.Transaction topUp = VOUCHERIFY.transaction(card, "CREDITS_ADDITION", 2500, t0.plusSeconds(1));
        assertThat(backfill.run(t0, t0.plusSeconds(50)).path("transactions_booked").asInt()).isEqualTo(1);
        eventually.emailTo(customer.email());
        backfill.emailOutcome("evbf_" + topUp.id());
        long published = BROKER.enqueued(PUBLIC_TRANSACTIONS);
        long emailLegWork = BROKER.enqueued("voucherify.leg.email");

        JsonNode again = backfill.run(t0, t0.plusSeconds(50));

        assertThat(again.path("status").asText()).isEqualTo("done");
        assertThat(again.path("transactions_seen").asInt()).isEqualTo(1);
        assertThat(again.path("transactions_booked").asInt()).isZero();
        // The run is over: anything it handed off would be on the queues by now
        assertThat(BROKER.enqueued(PUBLIC_TRANSACTIONS)).isEqualTo(published);
        assertThat(BROKER.enqueued("voucherify.leg.email")).isEqualTo(emailLegWork);
        assertThat(ledger(topUp.id())).hasSize(1);
        assertThat(MAIL.to(customer.email())).hasSize(1);
    }

    @Test
    void aTopUpOlderThanTheEmailMaxAgeIsBookedNotEmailed() {
        String id = Fixtures.unique();
        Instant longAgo = Instant.now().minus(Duration.ofDays(8)).truncatedTo(ChronoUnit.SECONDS);
        FakeVoucherify.Customer customer = VOUCHERIFY.customer("Old Timer", "old-" + id + "@example.com", "en");
        FakeVoucherify.Voucher card = VOUCHERIFY.giftCard("BF-O-" + id, customer);
        FakeVoucherify.Transaction topUp = VOUCHERIFY.transaction(card, "CREDITS_ADDITION", 900, longAgo);

        JsonNode report = backfill.run(longAgo.minusSeconds(1), longAgo.plusSeconds(1));

        assertThat(report.path("transactions_booked").asInt()).isEqualTo(1);
        assertThat(eventually.ledgerRow(topUp.id())).containsEntry("AMOUNT", 900L);
        JsonNode email = backfill.emailOutcome("evbf_" + topUp.id());
        assertThat(email.path("outcome").asText()).isEqualTo("skipped");
        assertThat(email.path("reason").asText()).contains("GIFT_BACKFILL_EMAIL_MAX_AGE");
        assertThat(MAIL.to(customer.email())).isEmpty();
        assertThat(VOUCHERIFY.requests()).noneMatch(r -> r.path().endsWith(customer.id()));   // no address read
    }

    @Test
    void aLateWebhookRacingTheRunGivesOneLedgerRowAndOneEmail() throws Exception {
        String id = Fixtures.unique();
        Instant t0 = BackfillClient.window();
        FakeVoucherify.Customer customer = VOUCHERIFY.customer("Rita Race", "race-" + id + "@example.com", "en");
        FakeVoucherify.Voucher card = VOUCHERIFY.giftCard("BF-W-" + id, customer);
        FakeVoucherify.Transaction topUp = VOUCHERIFY.transaction(card, "CREDITS_ADDITION", 4000, t0.plusSeconds(1));
        ObjectNode webhook = Fixtures.transaction(Fixtures.TRANSACTION_ADDITION, id);
        webhook.with("data").with("transaction").put("id", topUp.id()).put("voucher_id", card.id());
        webhook.with("data").with("voucher").put("id", card.id());
        Fixtures.holderOf(webhook).put("email", customer.email());

        HttpResponse<String> started = backfill.start(t0, t0.plusSeconds(50));
        CompletableFuture<HttpResponse<String>> late = CompletableFuture.supplyAsync(() -> webhooks.post(Fixtures.compact(webhook)));
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(late.get().statusCode()).isEqualTo(202);
        JsonNode report = backfill.finished(Fixtures.parse(started.body()).path("run_id").asText());

        assertThat(report.path("status").asText()).isEqualTo("done");
        backfill.emailOutcome("evvou_" + id);
        if (report.path("transactions_booked").asInt() == 1) {    // the run handed it off too: its leg is done as well
            backfill.emailOutcome("evbf_" + topUp.id());
        }
        assertThat(ledger(topUp.id())).hasSize(1);
        assertThat(MAIL.to(customer.email())).hasSize(1);
    }

    @Test
    void aBalanceThatDriftedIsReportedAndNeverOverwritten() {
        String id = Fixtures.unique();
        Instant t0 = BackfillClient.window();
        FakeVoucherify.Voucher card = VOUCHERIFY.giftCard("BF-D-" + id, null);
        FakeVoucherify.Transaction topUp = VOUCHERIFY.transaction(card, "CREDITS_ADDITION", 5000, t0.plusSeconds(1));
        FakeVoucherify.Voucher editedInErp = VOUCHERIFY.giftCard("BF-E-" + id, null);
        FakeVoucherify.Transaction editedTopUp = VOUCHERIFY.transaction(editedInErp, "CREDITS_ADDITION", 3000, t0.plusSeconds(2));
        backfill.run(t0, t0.plusSeconds(50));
        eventually.ledgerRow(topUp.id());
        eventually.ledgerRow(editedTopUp.id());
        VOUCHERIFY.setBalance(card, 7777);                                              // Voucherify's side changed
        erp.update("UPDATE gift_card_balance SET balance = 2999 WHERE voucher_id = ?", editedInErp.id());   // the ERP's

        JsonNode report = backfill.run(t0, t0.plusSeconds(50));

        JsonNode drift = driftOf(report, card.id());
        assertThat(drift.path("voucher_code").asText()).isEqualTo(card.code());
        assertThat(drift.path("erp_balance").asLong()).isEqualTo(5000);
        assertThat(drift.path("voucherify_balance").asLong()).isEqualTo(7777);
        assertThat(driftOf(report, editedInErp.id()).path("erp_balance").asLong()).isEqualTo(2999);
        assertThat(driftOf(report, editedInErp.id()).path("voucherify_balance").asLong()).isEqualTo(3000);
        // reported, never overwritten
        assertThat(balance(card.id()).get(0).get("balance")).isEqualTo(5000L);
        assertThat(balance(editedInErp.id()).get(0).get("balance")).isEqualTo(2999L);
        assertThat(metrics.get("gift_backfill_drift_cards").gauge().value()).isGreaterThanOrEqualTo(1);
    }

    private static JsonNode driftOf(JsonNode report, String voucherId) {
        for (JsonNode card : report.path("drift")) {
            if (voucherId.equals(card.path("voucher_id").asText())) {
                return card;
            }
        }
        throw new AssertionError("no drift reported for " + voucherId + ": " + report);
    }

    @Test
    void theAdminEndpointsAnswerEveryMistakeInJson() {
        assertThat(backfill.request("{\"since\":\"2026-01-01T00:00:00Z\"}", null).statusCode()).isEqualTo(401);
        assertThat(backfill.request("{\"since\":\"2026-01-01T00:00:00Z\"}", "Bearer wrong").statusCode()).isEqualTo(401);
        for (String bad : List.of("not json", "{}", "[1]", "{\"since\":\"yesterday\"}",
                "{\"since\":\"2026-01-02T00:00:00Z\",\"until\":\"2026-01-01T00:00:00Z\"}")) {
            HttpResponse<String> answer = backfill.request(bad, "Bearer " + ADMIN_TOKEN);
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(Fixtures.parse(answer.body()).path("error").path("code").asText()).isEqualTo("invalid_request");
        }
        HttpResponse<String> form = http.send("POST", "/admin/backfill", java.net.http.HttpRequest.BodyPublishers.ofString("since=x"),
                "Content-Type", "application/x-www-form-urlencoded", "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body()).contains("\"error\"");
        HttpResponse<String> unknown = http.send("GET", "/admin/backfill/bf_nope", java.net.http.HttpRequest.BodyPublishers.noBody(),
                "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("unknown_run");
    }

    @Test
    void oneRunAtATime() {
        Instant t0 = BackfillClient.window();
        VOUCHERIFY.stallNext(1, Duration.ofSeconds(2));      // the first call of the first run: it is still running
        HttpResponse<String> first = backfill.start(t0, t0.plusSeconds(50));
        HttpResponse<String> second = backfill.start(t0, t0.plusSeconds(50));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(Fixtures.parse(second.body()).path("error").path("code").asText()).isEqualTo("backfill_running");
        assertThat(backfill.finished(Fixtures.parse(first.body()).path("run_id").asText()).path("status").asText()).isEqualTo("done");
    }
}
