package com.example.giftcards.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.giftcards.dialect.SqlDialect;
import com.example.giftcards.support.TestBroker;
import com.example.giftcards.support.TestErpDatabase;
import com.example.giftcards.support.TestMail;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The promise of {@code --try}: no side effects, anywhere, with every neighbour configured as in production - the
 * ERP database (PostgreSQL when ERP_DB_URL is a PostgreSQL URL, as in CI; H2 otherwise), the state database, a real
 * broker and a real SMTP server. The try reads and writes the ERP inside a transaction it rolls back (the rows it shows
 * were there inside it), looks the delivery up in the state database without writing, and sends nothing.
 */
@Tag("database")
class TryWithoutSideEffectsTest {

    /** The ERP's statements run from x.sql, or x.mariadb.sql on MariaDB (docs/changing-routes.md, "SQL dialects"). */
    private static final String DIALECT = TestErpDatabase.onMariaDb() ? ".mariadb.sql" : ".sql";
    private static final List<String> QUEUES = List.of("voucherify.gift.balance_added", "voucherify.leg.erp",
            "voucherify.leg.email", "voucherify.events.unhandled", "voucherify.events.invalid",
            "DLQ.voucherify.leg.erp", "DLQ.voucherify.leg.email");
    private static final List<String> SETTINGS = List.of("ERP_DB_URL", "ERP_DB_USER", "ERP_DB_PASSWORD", "STATE_DB_URL",
            "STATE_DB_USER", "STATE_DB_PASSWORD", "SMTP_HOST", "SMTP_PORT", "BROKER_URL", "DATA_DIR");

    @TempDir
    Path tmp;

    private JdbcTemplate erp;
    private JdbcTemplate state;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String voucherId = "v_try_" + run;
    private final String transactionId = "vtx_try_" + run;
    private final TestMail mail = TestMail.shared();
    private final TestBroker broker = TestBroker.shared();

    @BeforeEach
    void configuredAsInProduction() throws Exception {
        String erpUrl = TestErpDatabase.newDatabaseUrl();
        DriverManagerDataSource erpDatabase = new DriverManagerDataSource(erpUrl, TestErpDatabase.user(), TestErpDatabase.password());
        Flyway.configure().dataSource(erpDatabase).locations("classpath:" + SqlDialect.ofJdbcUrl(erpUrl).migrations("db/erp")).table("gift_integration_schema_history")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        erp = new JdbcTemplate(erpDatabase);
        // the voucher has a balance from an older top-up: the try's MERGE updates it (inside the rolled-back transaction)
        erp.update("INSERT INTO gift_card_balance (voucher_id, voucher_code, holder_id, balance, currency,"
                + " last_transaction_id, last_transaction_at, updated_at) VALUES (?, 'Gift-for-you-0', NULL, 15500, 'EUR',"
                + " 'vtx_older', ?, CURRENT_TIMESTAMP)", voucherId, Timestamp.valueOf("2024-01-01 00:00:00"));

        String stateUrl = "jdbc:h2:file:" + tmp.resolve("state") + ";AUTO_SERVER=TRUE";
        DriverManagerDataSource stateDatabase = new DriverManagerDataSource(stateUrl, "sa", "");
        Flyway.configure().dataSource(stateDatabase).locations("classpath:db/state").table("gift_integration_schema_history")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        state = new JdbcTemplate(stateDatabase);
        state.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)",
                "webhook-intake", "distr_8XbQm2Lk0PqRsTuV:evcus_taken_" + run, new Timestamp(System.currentTimeMillis()));

        System.setProperty("ERP_DB_URL", erpUrl);
        System.setProperty("ERP_DB_USER", TestErpDatabase.user());
        System.setProperty("ERP_DB_PASSWORD", TestErpDatabase.password());
        System.setProperty("STATE_DB_URL", stateUrl);
        System.setProperty("STATE_DB_USER", "sa");
        System.setProperty("STATE_DB_PASSWORD", "");
        System.setProperty("SMTP_HOST", "127.0.0.1");
        System.setProperty("SMTP_PORT", String.valueOf(mail.port()));
        System.setProperty("BROKER_URL", broker.url());
        System.setProperty("DATA_DIR", tmp.resolve("data").toString());
    }

    @AfterEach
    void unconfigured() {
        SETTINGS.forEach(System::clearProperty);
    }

    @Test
    void anAcceptedTopUpChangesNothingAnywhere() throws Exception {
        Map<String, Object> before = everything();

        TryEventCommandTest.Output output = TryEventCommandTest.tryEvent(0, event("evcus_new_" + run).toString(), "--routes", "routes");

        assertThat(output.text())
                .startsWith("Webhook answer: accepted (202), event evcus_new_" + run)
                .contains("  SQL sql/record-transaction" + DIALECT + ": 1 row(s) updated\n")
                // MariaDB counts an INSERT ... ON DUPLICATE KEY UPDATE that updates the row as 2
                .contains("  SQL sql/update-balance" + DIALECT + ": " + (TestErpDatabase.onMariaDb() ? 2 : 1) + " row(s) updated\n")
                .contains("    gift_card_transaction: {transaction_id=" + transactionId + ", voucher_id=" + voucherId + ", amount=400, balance_after=15900")
                .contains("    gift_card_balance: {voucher_id=" + voucherId + ", voucher_code=Gift-for-you-0, holder_id=cust_IdgAFZxYwwHctOk9pPuMu308, balance=15900")
                .contains("    Subject: Your gift card has been topped up with €4.00 (new balance €159.00)\n")
                .contains("the ERP statements ran against ERP_DB_URL in a transaction that was rolled back");
        assertThat(everything()).isEqualTo(before);
        assertThat(erp.queryForObject("SELECT balance FROM gift_card_balance WHERE voucher_id = ?", Long.class, voucherId))
                .isEqualTo(15500L);
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void aDeliveryTheStateDatabaseHasIsADuplicateAndChangesNothing() throws Exception {
        Map<String, Object> before = everything();

        TryEventCommandTest.Output output = TryEventCommandTest.tryEvent(0, event("evcus_taken_" + run).toString(), "--routes", "routes");

        assertThat(output.text()).startsWith("Webhook answer: duplicate (200), event evcus_taken_" + run)
                .contains("Legs: none run")
                .endsWith("Result: OK (exit 0)\n");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void aFailingLegRollsBackAndChangesNothingEither() throws Exception {
        Path routes = tmp.resolve("routes");
        copy(Path.of("routes"), routes);
        Path sql = routes.resolve("sql/update-balance" + DIALECT);
        Files.writeString(sql, Files.readString(sql).replace(TestErpDatabase.onMariaDb() ? "    voucher_code        = IF(" : "    UPDATE SET voucher_code ",
                TestErpDatabase.onMariaDb() ? "    voucher_name        = IF(" : "    UPDATE SET voucher_name "));
        Map<String, Object> before = everything();

        TryEventCommandTest.Output output = TryEventCommandTest.tryEvent(1, event("evcus_broken_" + run).toString(), "--routes", routes.toString());

        if (TestErpDatabase.onMariaDb()) {
            assertThat(output.text()).contains("'voucher_name'").contains("[sql/update-balance.mariadb.sql:12]");
        } else {
            assertThat(output.text()).containsIgnoringCase("\"voucher_name\"").contains("[sql/update-balance.sql:20]");
        }
        assertThat(everything()).isEqualTo(before);
    }

    /** Rows in the ERP's tables and the state database's, the emails the SMTP server has, what the broker's queues got. */
    private Map<String, Object> everything() {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String table : List.of("gift_card_transaction", "gift_card_balance", TestErpDatabase.onMariaDb()
                ? "gift_integration_schema_history" : "\"gift_integration_schema_history\"")) {
            counts.put("erp " + table, erp.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
        }
        counts.put("erp balance of the voucher", erp.queryForList("SELECT * FROM gift_card_balance WHERE voucher_id = ?", voucherId));
        for (String table : List.of("CAMEL_MESSAGEPROCESSED", "email_send_marker", "gift_event", "gift_event_entry")) {
            counts.put("state " + table, state.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
        }
        counts.put("emails received", mail.total());
        QUEUES.forEach(queue -> counts.put("enqueued on " + queue, broker.enqueued(queue)));
        return counts;
    }

    private Path event(String eventId) throws Exception {
        String body = Files.readString(Path.of("routes/tests/events/customer-balance-added.json"))
                .replace("\"email\": null", "\"email\": \"try-" + run + "@example.com\"")
                .replace("evcus_0e6feafe6952a94a77", eventId)
                .replace("vtx_0e6feafe6952a94a54", transactionId)
                .replace("v_oNia4nTFDqYZOWYJiMpX8ocB6p6ZaEBm", voucherId);
        return Files.writeString(tmp.resolve(eventId + ".json"), body);
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
