package com.example.giftcards.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.giftcards.support.AppProcess;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.TestBroker;
import com.example.giftcards.support.TestErpDatabase;
import com.example.giftcards.support.TestMail;
import com.example.giftcards.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jms.core.JmsTemplate;

/**
 * The application process is stopped while a stream of events is in flight - killed hard (SIGKILL), or stopped
 * gracefully (SIGTERM) - then restarted. Every event answered 202 reaches every leg; none is in the ledger twice;
 * no customer gets two emails. The application runs in its own JVM.
 */
class CrashRecoveryTest {

    private static final String SECRET = "crash-test-secret";
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
        String stateUrl = "jdbc:h2:file:" + work.resolve("state") + ";AUTO_SERVER=TRUE";
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("DATA_DIR", work.resolve("data").toString());
        env.put("BROKER_URL", BROKER.url());
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(MAIL.port()));
        env.put("ERP_DB_URL", erpUrl);
        env.put("ERP_DB_USER", TestErpDatabase.user());
        env.put("ERP_DB_PASSWORD", TestErpDatabase.password());
        env.put("STATE_DB_URL", stateUrl);
        env.put("VOUCHERIFY_WEBHOOK_SECRET", SECRET);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            ids.add(Fixtures.unique());
        }
        Webhooks webhooks = new Webhooks(port, SECRET);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();

        app = AppProcess.start(env, work.resolve("first-run.log"));
        Thread sender = new Thread(() -> {
            for (String id : ids) {
                try {
                    int status = webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode();
                    answers.put(id, status);
                    if (status == 202) {
                        accepted.incrementAndGet();
                    }
                } catch (RuntimeException connectionRefused) {
                    answers.put(id, -1);
                }
            }
        });
        sender.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() >= EVENTS / 3);
        app.kill(); // kill -9, mid-stream
        sender.join();

        app = AppProcess.start(env, work.resolve("second-run.log"));
        // Voucherify retries whatever was not answered 2xx.
        for (String id : ids) {
            if (answers.get(id) != 202) {
                int status = webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode();
                assertThat(status).as("retry of %s", id).isIn(200, 202);
            }
        }

        JdbcTemplate erp = new JdbcTemplate(new DriverManagerDataSource(erpUrl, TestErpDatabase.user(), TestErpDatabase.password()));
        JdbcTemplate state = new JdbcTemplate(new DriverManagerDataSource(stateUrl, "sa", ""));
        await().atMost(Duration.ofSeconds(120)).until(() -> ids.stream().allMatch(id ->
                erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id = ?", Integer.class, "vtx_" + id) >= 1
                        && emailed(state, id)));

        JmsTemplate subscriber = BROKER.client();
        subscriber.setReceiveTimeout(2000);
        for (String id : ids) {
            assertThat(erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id = ?", Integer.class, "vtx_" + id))
                    .as("ledger rows of %s", id).isEqualTo(1);
            assertThat(subscriber.receiveSelected("voucherify.gift.balance_added", "eventId = 'evcus_" + id + "'"))
                    .as("event %s published", id).isNotNull();
            assertThat(MAIL.to(Fixtures.emailOf(id)).size()).as("emails of %s", id).isLessThanOrEqualTo(1);
        }
        subscriber.setReceiveTimeout(200);
        for (String id : ids) {
            assertThat(subscriber.receiveSelected("voucherify.gift.balance_added", "eventId = 'evcus_" + id + "'"))
                    .as("event %s published once", id).isNull();
        }
    }

    /**
     * SIGTERM while events stream in, with the embedded broker: accepted webhooks finish, the legs stop before the
     * broker, and after the restart every accepted event is in the ledger and the mailbox exactly once.
     */
    @Test
    void stoppedGracefullyMidStreamThenRestartedLosesAndDoublesNothing() throws Exception {
        Path work = Files.createTempDirectory("graceful-test");
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("DATA_DIR", work.resolve("data").toString());
        env.put("GIFT_BROKER_EMBEDDED_TCP_URL", "tcp://localhost:" + freePort());
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(MAIL.port()));
        env.put("VOUCHERIFY_WEBHOOK_SECRET", SECRET);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(Fixtures.unique());
        }
        Webhooks webhooks = new Webhooks(port, SECRET);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();

        app = AppProcess.start(env, work.resolve("first-run.log"));
        Thread sender = new Thread(() -> {
            for (String id : ids) {
                try {
                    int status = webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode();
                    answers.put(id, status);
                    accepted.addAndGet(status == 202 ? 1 : 0);
                } catch (RuntimeException refused) {
                    answers.put(id, -1);
                }
            }
        });
        sender.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() >= 15);
        assertThat(app.stop(Duration.ofSeconds(90))).as("SIGTERM: stopped within the shutdown timeouts").isTrue();
        sender.join();
        assertThat(Files.readString(work.resolve("first-run.log"))).as("a clean stop")
                .contains("Graceful shutdown complete").doesNotContain(" ERROR ");

        app = AppProcess.start(env, work.resolve("second-run.log"));
        for (String id : ids) {
            if (answers.get(id) != 202) {
                assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isIn(200, 202);
            }
        }
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

    /** The email leg took the event: its email arrived, or its email-sent marker was taken when the process died. */
    private static boolean emailed(JdbcTemplate state, String id) {
        return MAIL.to(Fixtures.emailOf(id)).size() == 1 || state.queryForObject(
                "SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'customer-email' AND messageId = ?",
                Integer.class, "vtx_" + id) == 1;
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
