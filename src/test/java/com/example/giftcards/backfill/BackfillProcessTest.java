package com.example.giftcards.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.giftcards.support.AppProcess;
import com.example.giftcards.support.FakeVoucherify;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.Http;
import com.example.giftcards.support.IntegrationTest;
import com.example.giftcards.support.TestBroker;
import com.example.giftcards.support.TestErpDatabase;
import com.example.giftcards.support.TestMail;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The backfill in a process of its own, killed (kill -9) in the middle of a run: after the restart the run is
 * reported interrupted, a new run over the same window completes it, and every transaction of the window has one
 * ledger row and every recent top-up one email, whichever process handed it off.
 */
class BackfillProcessTest {

    private static final String SECRET = "process-test-secret";
    private static final TestBroker BROKER = TestBroker.shared();
    private static final TestMail MAIL = TestMail.shared();
    private final FakeVoucherify voucherify = FakeVoucherify.start("app-process", "token-process");
    private AppProcess app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.stop(Duration.ofSeconds(30));
        }
        voucherify.close();
    }

    @Test
    void aRunKilledMidwayIsReportedInterruptedAndTheNextRunCompletesItExactlyOnce() throws Exception {
        Path work = Files.createTempDirectory("backfill-process-test");
        String erpUrl = TestErpDatabase.newDatabaseUrl();
        int port = AppProcess.freePort();
        Map<String, String> env = AppProcess.wiredToTestServices(port, work.resolve("data"), erpUrl, SECRET);
        env.put("ADMIN_TOKEN", IntegrationTest.ADMIN_TOKEN);
        env.put("VOUCHERIFY_API_URL", voucherify.url());
        env.put("VOUCHERIFY_APP_ID", "app-process");
        env.put("VOUCHERIFY_APP_TOKEN", "token-process");
        env.put("VOUCHERIFY_API_MAX_PER_MINUTE", "100000");
        env.put("GIFT_BACKFILL_EVERY", "0");
        env.put("GIFT_BACKFILL_STALE_AFTER", "3s");
        Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String id = Fixtures.unique();
        List<FakeVoucherify.Transaction> topUps = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String address = "proc-" + i + "-" + id + "@example.com";
            FakeVoucherify.Voucher card = voucherify.giftCard("BF-P" + i + "-" + id, voucherify.customer("Card Holder " + i, address, "en"));
            topUps.add(voucherify.transaction(card, "CREDITS_ADDITION", 1000 + i, t0.plusSeconds(i)));
            addresses.add(address);
        }

        app = AppProcess.start(env, work.resolve("first.log"));
        Http http = new Http(port);
        BackfillClient backfill = new BackfillClient(http);
        voucherify.stallNext(1000, Duration.ofMillis(150));          // slow enough to be killed midway
        HttpResponse<String> first = backfill.start(t0, t0.plusSeconds(60));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String firstRun = Fixtures.parse(first.body()).path("run_id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> backfill.report(firstRun).path("transactions_booked").asInt() >= 3);
        app.kill();

        app = AppProcess.start(env, work.resolve("second.log"));
        voucherify.clearFaults();
        HttpResponse<String> second = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> backfill.start(t0, t0.plusSeconds(60)), answer -> answer.statusCode() != 409);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
        JsonNode report = backfill.finished(Fixtures.parse(second.body()).path("run_id").asText());

        assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("done");
        assertThat(report.path("transactions_seen").asInt()).isEqualTo(30);
        JsonNode interrupted = backfill.report(firstRun);
        assertThat(interrupted.path("status").asText()).isEqualTo("failed");
        assertThat(interrupted.path("error").asText()).contains("interrupted");
        JdbcTemplate erp = new JdbcTemplate(new DriverManagerDataSource(erpUrl, TestErpDatabase.user(), TestErpDatabase.password()));
        await().atMost(Duration.ofSeconds(60)).until(() -> addresses.stream().allMatch(address -> !MAIL.to(address).isEmpty()));
        // Once the legs' queues hold none of these events, no more emails can come
        await().atMost(Duration.ofSeconds(60)).until(() -> topUps.stream().noneMatch(topUp ->
                BROKER.holds("voucherify.leg.email", "evbf_" + topUp.id()) || BROKER.holds("voucherify.leg.erp", "evbf_" + topUp.id())));
        for (int i = 0; i < topUps.size(); i++) {
            assertThat(erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id = ?", Integer.class,
                    topUps.get(i).id())).as("ledger rows of %s", topUps.get(i).id()).isEqualTo(1);
            assertThat(MAIL.to(addresses.get(i))).as("emails to %s", addresses.get(i)).hasSize(1);
        }
    }
}
