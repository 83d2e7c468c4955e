package com.example.giftcards.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.example.giftcards.support.AppProcess;
import com.example.giftcards.support.DatabaseTest;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.TestBroker;
import com.example.giftcards.support.TestErpDatabase;
import com.example.giftcards.support.TestMail;
import com.example.giftcards.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The application as deployed on a database server: its own JVM, the ERP and the state database both on the run's
 * server (ERP_DB_URL: PostgreSQL or MariaDB; the state database in a fresh schema or database there), each migrated
 * by the application itself. On an H2 run both are H2. The JVM runs in a time zone far from UTC, so a time written
 * in local time instead of UTC would show. RepeatDuringHandOffTest has the other repeat cases, on H2.
 */
@DatabaseTest
class ServerDatabasesTest {

    private static final String SECRET = "server-databases-secret";
    private static final String ADMIN_TOKEN = "server-databases-admin-token";
    private static final TestMail MAIL = TestMail.shared();
    private static final TestBroker BROKER = TestBroker.shared();

    private static AppProcess app;
    private static String erpUrl;
    private static String stateUrl;
    private static Webhooks webhooks;

    @BeforeAll
    static void startApp() throws Exception {
        Path work = Files.createTempDirectory("server-databases-test");
        erpUrl = TestErpDatabase.newDatabaseUrl();
        stateUrl = TestErpDatabase.newStateDatabaseUrl();
        int port = AppProcess.freePort();
        Map<String, String> env = AppProcess.wiredToTestServices(port, work.resolve("data"), erpUrl, SECRET);
        env.put("STATE_DB_URL", stateUrl);
        env.put("STATE_DB_USER", TestErpDatabase.user());
        env.put("STATE_DB_PASSWORD", TestErpDatabase.password());
        env.put("ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("GIFT_STATE_DB_LOCK_TIMEOUT", "2s");
        app = AppProcess.start(env, work.resolve("app.log"), "-Xmx512m", "-Duser.timezone=America/New_York");
        webhooks = new Webhooks(port, SECRET);
    }

    @AfterAll
    static void stopApp() {
        BROKER.endStall(false);
        if (app != null) {
            app.destroy();
        }
    }

    @Test
    void aTopUpGoesThroughWithBothDatabasesOnTheServer() throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").with("transaction").put("created_at", "2024-03-13T17:54:14.688+01:00"); // 16:54:14.688Z
        byte[] body = Fixtures.compact(envelope);
        assertThat(webhooks.post(body).statusCode()).isEqualTo(202);
        HttpResponse<String> repeat = webhooks.post(body);
        assertThat(repeat.statusCode()).as("the repeat, found by its idempotency key").isEqualTo(200);
        assertThat(Fixtures.parse(repeat.body()).get("status").asText()).isEqualTo("duplicate");

        JdbcTemplate erp = new JdbcTemplate(new DriverManagerDataSource(erpUrl, TestErpDatabase.user(), TestErpDatabase.password()));
        JdbcTemplate state = new JdbcTemplate(new DriverManagerDataSource(stateUrl, TestErpDatabase.user(), TestErpDatabase.password()));
        await().atMost(Duration.ofSeconds(60)).until(() -> MAIL.to(Fixtures.emailOf(id)).size() == 1
                && erp.queryForObject("SELECT COUNT(*) FROM gift_card_balance WHERE voucher_id = ?", Integer.class, "v_" + id) == 1);

        assertThat(erp.queryForList("SELECT amount, balance_after FROM gift_card_transaction WHERE transaction_id = ?", "vtx_" + id))
                .singleElement().satisfies(row -> assertThat(row.values()).map(v -> ((Number) v).longValue()).containsExactly(400L, 15900L));
        assertThat(erp.queryForObject("SELECT balance FROM gift_card_balance WHERE voucher_id = ?", Long.class, "v_" + id)).isEqualTo(15900L);
        if (TestErpDatabase.onMariaDb()) { // DATETIME holds UTC, whatever the JVM's and the server's time zones
            assertThat(erp.queryForObject("SELECT CAST(last_transaction_at AS CHAR) FROM gift_card_balance WHERE voucher_id = ?",
                    String.class, "v_" + id)).isEqualTo("2024-03-13 16:54:14.688000");
            assertThat(erp.queryForObject("SELECT ABS(TIMESTAMPDIFF(SECOND, received_at, UTC_TIMESTAMP())) FROM gift_card_transaction "
                    + "WHERE transaction_id = ?", Long.class, "vtx_" + id)).as("received_at, seconds from now in UTC").isLessThan(120);
        } else {
            assertThat(erp.queryForObject("SELECT last_transaction_at FROM gift_card_balance WHERE voucher_id = ?",
                    Timestamp.class, "v_" + id).toInstant()).isEqualTo(Instant.parse("2024-03-13T16:54:14.688Z"));
        }

        // The state database: one idempotency key, the email's marker, the journal (read back over the admin API).
        assertThat(state.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId LIKE ?", Integer.class,
                "%evcus_" + id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> state.queryForList(
                "SELECT state FROM email_send_marker WHERE transaction_id = ?", String.class, "vtx_" + id).equals(java.util.List.of("sent")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode found = Fixtures.parse(app.send("GET", "/admin/events?transactionId=vtx_" + id, ADMIN_TOKEN).body());
            assertThat(found.findValuesAsText("event_id")).containsExactly("evcus_" + id);
            JsonNode event = Fixtures.parse(app.send("GET", "/admin/events/evcus_" + id, ADMIN_TOKEN).body());
            assertThat(event.at("/legs/erp/outcome").asText()).isEqualTo("done");
            assertThat(event.at("/legs/email/outcome").asText()).isEqualTo("sent");
        });
    }

    /**
     * A repeat that waits for the first delivery's idempotency key longer than the state database's lock timeout
     * (here 2 s: on MariaDB innodb_lock_wait_timeout, error 1205) is asked to retry: 409 in_progress.
     */
    @Test
    void aRepeatDuringAHandOffLongerThanTheLockTimeoutIsAskedToRetry() throws Exception {
        byte[] envelope = Fixtures.compact(Fixtures.distribution(Fixtures.unique()));
        BROKER.stallSendsTo("voucherify.leg.email"); // the hand-off's last send: the first holds its key uncommitted
        CompletableFuture<Integer> first;
        try {
            first = CompletableFuture.supplyAsync(() -> webhooks.post(envelope).statusCode());
            assertThat(BROKER.awaitStalledSend(Duration.ofSeconds(30))).as("the first hand-off reached its last send").isTrue();

            HttpResponse<String> repeat = webhooks.post(envelope);

            assertThat(repeat.statusCode()).as("repeat").isEqualTo(409);
            assertThat(repeat.body()).contains("\"code\":\"in_progress\"");
        } finally {
            BROKER.endStall(true);
        }
        assertThat(first.get(30, TimeUnit.SECONDS)).as("first delivery").isEqualTo(202);
        assertThat(webhooks.post(envelope).statusCode()).as("the retry, later").isEqualTo(200);
    }
}
