package com.example.giftcards.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.giftcards.support.AppProcess;
import com.example.giftcards.support.FaultyTcpProxy;
import com.example.giftcards.support.FaultyTcpProxy.Mode;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.TestBroker;
import com.example.giftcards.support.TestErpDatabase;
import com.example.giftcards.support.TestMail;
import com.example.giftcards.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jms.core.JmsTemplate;

/**
 * The application process is stopped while a stream of events is in flight - killed hard (SIGKILL), or stopped
 * gracefully (SIGTERM) - then restarted. Every event answered 202, or retried until it is, reaches every leg; none
 * is in the ledger twice; no customer gets two emails. The application runs in its own JVM.
 */
class CrashRecoveryTest {

    private static final String SECRET = "crash-test-secret";
    private static final String ADMIN_TOKEN = "crash-test-admin-token";
    private static final int EVENTS = 60;
    private static final TestBroker BROKER = TestBroker.shared();
    private static final TestMail MAIL = TestMail.shared();

    private AppProcess app;

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.destroy();
        }
    }

    @Test
    void killedMidStreamThenRestartedLosesAndDoublesNothing() throws Exception {
        Path work = Files.createTempDirectory("crash-test");
        String erpUrl = TestErpDatabase.newDatabaseUrl();
        int port = AppProcess.freePort();
        Map<String, String> env = AppProcess.wiredToTestServices(port, work.resolve("data"), erpUrl, SECRET);
        // The state database is the default H2 file, which the kill must not lose commits of (email send markers).
        EventStream stream = new EventStream(new Webhooks(port, SECRET), EVENTS);

        app = AppProcess.start(env, work.resolve("first-run.log"));
        stream.start();
        stream.awaitAccepted(EVENTS / 3);
        app.kill(); // kill -9, mid-stream
        stream.finish();

        app = AppProcess.start(env, work.resolve("second-run.log"));
        stream.retryWhatWasNotAccepted();
        List<String> ids = stream.ids();

        JdbcTemplate erp = new JdbcTemplate(new DriverManagerDataSource(erpUrl, TestErpDatabase.user(), TestErpDatabase.password()));
        await().atMost(Duration.ofSeconds(120)).until(() -> ids.stream().allMatch(id ->
                erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id = ?", Integer.class, "vtx_" + id) >= 1
                        && emailed(id)));

        JmsTemplate subscriber = BROKER.client();
        subscriber.setReceiveTimeout(2000);
        for (String id : ids) {
            assertThat(erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id = ?", Integer.class, "vtx_" + id))
                    .as("ledger rows of %s", id).isEqualTo(1);
            assertThat(subscriber.receiveSelected("voucherify.gift.balance_added", "eventId = 'evcus_" + id + "'"))
                    .as("event %s published", id).isNotNull();
            assertThat(MAIL.to(Fixtures.emailOf(id)).size()).as("emails of %s", id).isLessThanOrEqualTo(1);
        }
        // Publication is at least once: a process that dies between the hand-off's commit and the idempotency key's
        // may publish the retried event again (subscribers de-duplicate on eventId). Drain any such copy.
        subscriber.setReceiveTimeout(200);
        for (String id : ids) {
            subscriber.receiveSelected("voucherify.gift.balance_added", "eventId = 'evcus_" + id + "'");
        }
    }

    /**
     * The window where an event would be lost if the idempotency key committed first: the process dies after taking
     * the key and before the hand-off commits. Voucherify's retry must be handed off, not answered "duplicate".
     */
    @Test
    void killedBeforeTheHandOffCommitsThenRetriedIsHandedOff() throws Exception {
        Path work = Files.createTempDirectory("crash-window-test");
        String erpUrl = TestErpDatabase.newDatabaseUrl();
        int port = AppProcess.freePort();
        Map<String, String> env = AppProcess.wiredToTestServices(port, work.resolve("data"), erpUrl, SECRET);
        Webhooks webhooks = new Webhooks(port, SECRET);
        String id = Fixtures.unique();
        byte[] envelope = Fixtures.compact(Fixtures.distribution(id));

        app = AppProcess.start(env, work.resolve("first-run.log"));
        BROKER.stallSendsTo("voucherify.leg.email"); // the hand-off's last send: its key is taken, nothing committed
        try {
            CompletableFuture<Integer> firstDelivery = CompletableFuture.supplyAsync(() -> statusOf(webhooks, envelope));
            assertThat(BROKER.awaitStalledSend(Duration.ofSeconds(60))).as("the hand-off reached its last send").isTrue();
            app.kill();
            assertThat(firstDelivery.get(60, TimeUnit.SECONDS)).as("a killed process answers nothing").isEqualTo(-1);
        } finally {
            BROKER.endStall(false);
        }

        app = AppProcess.start(env, work.resolve("second-run.log"));
        assertThat(statusOf(webhooks, envelope)).as("Voucherify's retry").isEqualTo(202);

        JdbcTemplate erp = new JdbcTemplate(new DriverManagerDataSource(erpUrl, TestErpDatabase.user(), TestErpDatabase.password()));
        await().atMost(Duration.ofSeconds(60)).until(() -> MAIL.to(Fixtures.emailOf(id)).size() == 1
                && erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id = ?", Integer.class, "vtx_" + id) == 1);
        JmsTemplate subscriber = BROKER.client();
        assertThat(subscriber.receiveSelected("voucherify.gift.balance_added", "eventId = 'evcus_" + id + "'"))
                .as("event published").isNotNull();
        subscriber.setReceiveTimeout(500);
        assertThat(subscriber.receiveSelected("voucherify.gift.balance_added", "eventId = 'evcus_" + id + "'"))
                .as("the killed attempt published nothing").isNull();
    }

    /** The HTTP status, or -1 when the process answered nothing (killed, or not listening). */
    private static int statusOf(Webhooks webhooks, byte[] envelope) {
        try {
            return webhooks.post(envelope).statusCode();
        } catch (RuntimeException noAnswer) {
            return -1;
        }
    }

    /**
     * SIGTERM while events stream in, with the embedded broker: accepted webhooks finish, the legs stop before the
     * broker, and after the restart every accepted event is in the ledger and the mailbox exactly once.
     */
    @Test
    void stoppedGracefullyMidStreamThenRestartedLosesAndDoublesNothing() throws Exception {
        Path work = Files.createTempDirectory("graceful-test");
        int port = AppProcess.freePort();
        Map<String, String> env = AppProcess.wiredToTestServices(port, work.resolve("data"), "", SECRET);
        // The embedded defaults for the broker and the ERP database: they stop with the application.
        env.keySet().removeAll(List.of("BROKER_URL", "ERP_DB_URL", "ERP_DB_USER", "ERP_DB_PASSWORD"));
        env.put("GIFT_BROKER_EMBEDDED_TCP_URL", "tcp://localhost:" + AppProcess.freePort());
        EventStream stream = new EventStream(new Webhooks(port, SECRET), 40);

        app = AppProcess.start(env, work.resolve("first-run.log"));
        stream.start();
        stream.awaitAccepted(15);
        assertThat(app.stop(Duration.ofSeconds(90))).as("SIGTERM: stopped within the shutdown timeouts").isTrue();
        stream.finish();
        assertThat(Files.readString(work.resolve("first-run.log"))).as("a clean stop")
                .contains("Graceful shutdown complete").doesNotContain(" ERROR ");

        app = AppProcess.start(env, work.resolve("second-run.log"));
        stream.retryWhatWasNotAccepted();
        List<String> ids = stream.ids();
        JdbcTemplate erp = new JdbcTemplate(new DriverManagerDataSource(
                "jdbc:h2:file:" + work.resolve("data").resolve("erp") + ";AUTO_SERVER=TRUE", "sa", ""));
        await().atMost(Duration.ofSeconds(120)).until(() -> ids.stream().allMatch(id -> MAIL.to(Fixtures.emailOf(id)).size() >= 1
                && erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id = ?", Integer.class, "vtx_" + id) >= 1));
        for (String id : ids) {
            assertThat(MAIL.to(Fixtures.emailOf(id))).as("emails of %s", id).hasSize(1);
            assertThat(erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id = ?", Integer.class, "vtx_" + id))
                    .as("ledger rows of %s", id).isEqualTo(1);
        }
    }

    /**
     * The process is killed while the SMTP server holds the email leg's conversation: the send began and never
     * completed. After the restart the redelivered event must neither be sent a second time on a guess nor be
     * skipped silently: it is parked as outcome_unknown, and the operator's replay sends it, with a Message-ID that
     * is the same for every send of that transaction.
     */
    @Test
    void killedWhileTheEmailIsBeingSentIsParkedAsOutcomeUnknownThenReplayedOnce() throws Exception {
        Path work = Files.createTempDirectory("email-crash-test");
        String erpUrl = TestErpDatabase.newDatabaseUrl();
        int port = AppProcess.freePort();
        Map<String, String> env = AppProcess.wiredToTestServices(port, work.resolve("data"), erpUrl, SECRET);
        env.put("ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("GIFT_MAIL_SEND_UNDER_WAY_MS", "5000"); // the restart alone takes longer: no need to wait a minute
        String id = Fixtures.unique();
        byte[] envelope = Fixtures.compact(Fixtures.distribution(id));

        try (FaultyTcpProxy smtp = new FaultyTcpProxy("127.0.0.1", MAIL.port())) {
            env.put("SMTP_PORT", String.valueOf(smtp.port()));
            smtp.mode(Mode.STALL); // the mail server takes the connection and never answers
            app = AppProcess.start(env, work.resolve("first-run.log"));
            assertThat(statusOf(new Webhooks(port, SECRET), envelope)).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> smtp.stalled() >= 1);
            app.kill();

            smtp.mode(Mode.PASS);
            app = AppProcess.start(env, work.resolve("second-run.log"));
            // Retried while the send could still be under way elsewhere, then parked: never sent on a guess.
            JsonNode parked = await().atMost(Duration.ofSeconds(120))
                    .until(() -> parkedOnEmailLeg(app, "evcus_" + id), entry -> entry != null);
            assertThat(parked.get("failure_type").asText()).isEqualTo("outcome_unknown");
            assertThat(parked.get("reason").asText()).contains("vtx_" + id, "process stopped");
            assertThat(MAIL.to(Fixtures.emailOf(id))).as("no email sent on a guess").isEmpty();

            HttpResponse<String> replay = app.send("POST", "/admin/dead-letters/email/replay?eventId=evcus_" + id, ADMIN_TOKEN);
            assertThat(replay.statusCode()).isEqualTo(200);
            assertThat(Fixtures.parse(replay.body()).get("replayed").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> MAIL.to(Fixtures.emailOf(id)).size() == 1);
            assertThat(MAIL.to(Fixtures.emailOf(id)).get(0).getMessageID())
                    .isEqualTo("<top-up.vtx_" + id + "@example.com>");
            await().atMost(Duration.ofSeconds(30)).until(() -> parkedOnEmailLeg(app, "evcus_" + id) == null);

            // The same event delivered again changes nothing: a duplicate at the intake, and the send marked sent.
            assertThat(statusOf(new Webhooks(port, SECRET), envelope)).isEqualTo(200);
            assertThat(MAIL.to(Fixtures.emailOf(id))).hasSize(1);
            assertThat(app.stop(Duration.ofSeconds(90))).isTrue();
            JdbcTemplate state = new JdbcTemplate(new DriverManagerDataSource(
                    "jdbc:h2:file:" + work.resolve("data").resolve("state"), "sa", ""));
            assertThat(state.queryForObject("SELECT state FROM email_send_marker WHERE transaction_id = ?", String.class, "vtx_" + id))
                    .isEqualTo("sent");
        }
    }

    private static JsonNode parkedOnEmailLeg(AppProcess app, String eventId) throws Exception {
        for (JsonNode entry : Fixtures.parse(app.send("GET", "/admin/dead-letters/email", ADMIN_TOKEN).body())) {
            if (eventId.equals(entry.get("event_id").asText())) {
                return entry;
            }
        }
        return null;
    }

    /**
     * The email leg took the event: its email arrived, or the process died during its send and it is parked as
     * outcome_unknown for an operator - never silently neither.
     */
    private static boolean emailed(String id) {
        return MAIL.to(Fixtures.emailOf(id)).size() == 1 || parkedAsOutcomeUnknown(id);
    }

    private static boolean parkedAsOutcomeUnknown(String id) {
        JmsTemplate browser = BROKER.client();
        return Boolean.TRUE.equals(browser.browseSelected("DLQ.voucherify.leg.email",
                "eventId = 'evcus_" + id + "' AND failureType = 'outcome_unknown'", (session, queue) -> queue.getEnumeration().hasMoreElements()));
    }

    /** Voucherify's side: a stream of distinct top-ups, sent one after another, remembering each answer. */
    private static final class EventStream {
        private final Webhooks webhooks;
        private final List<String> ids = new ArrayList<>();
        private final Map<String, Integer> answers = new ConcurrentHashMap<>();
        private final AtomicInteger accepted = new AtomicInteger();
        private final Thread sender;

        EventStream(Webhooks webhooks, int size) {
            this.webhooks = webhooks;
            for (int i = 0; i < size; i++) {
                ids.add(Fixtures.unique());
            }
            sender = new Thread(() -> ids.forEach(id -> answers.put(id, send(id))));
        }

        void start() {
            sender.start();
        }

        void awaitAccepted(int count) {
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() >= count);
        }

        void finish() throws InterruptedException {
            sender.join();
        }

        /** As Voucherify does: whatever was not answered 2xx is sent again. */
        void retryWhatWasNotAccepted() {
            for (String id : ids) {
                if (answers.get(id) != 202) {
                    assertThat(send(id)).as("retry of %s", id).isIn(200, 202);
                }
            }
        }

        List<String> ids() {
            return ids;
        }

        private int send(String id) {
            int status = statusOf(webhooks, Fixtures.compact(Fixtures.distribution(id)));
            accepted.addAndGet(status == 202 ? 1 : 0);
            return status;
        }
    }
}
