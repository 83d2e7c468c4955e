package com.example.giftcards.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.example.giftcards.support.DatabaseTest;
import com.example.giftcards.support.StateDatabases;
import com.example.giftcards.support.StateDatabases.StateDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The purge of expired state on H2 and (when the build has one) PostgreSQL or MariaDB: idempotency keys and email send markers
 * older than the retention go, in batches until none is left; younger ones stay, and so does a key another
 * transaction is inserting right now, without the purge waiting for it.
 */
@DatabaseTest
class ExpiredStatePurgeTest {

    private static final int RETENTION_DAYS = 30;
    private static final int BATCH_SIZE = 2; // 5 expired rows per table: batches of 2, 2 and 1

    static Stream<StateDatabase> databases() {
        return StateDatabases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void expiredKeysAndMarkersGoYoungOnesStay(StateDatabase db) {
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        Timestamp expired = ago(Duration.ofDays(RETENTION_DAYS).plusHours(1));
        Timestamp young = ago(Duration.ofDays(RETENTION_DAYS).minusHours(1));
        Timestamp recent = ago(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            key(jdbc, i % 2 == 0 ? "webhook-intake" : "other-processor", "old-" + i, expired);
            marker(jdbc, "vtx_old-" + i, i % 2 == 0 ? "sent" : "sending", expired);
            journal(jdbc, "evt_old-" + i, expired);
        }
        journal(jdbc, "evt_young", young);
        key(jdbc, "webhook-intake", "young", young);
        key(jdbc, "other-processor", "recent", recent);
        marker(jdbc, "vtx_young", "sent", young);
        marker(jdbc, "vtx_recent", "sending", recent);

        ExpiredStatePurge.Purged purged = new ExpiredStatePurge(db.dataSource(), RETENTION_DAYS, BATCH_SIZE).purge();

        assertThat(purged).isEqualTo(new ExpiredStatePurge.Purged(5, 5, 5));
        assertThat(jdbc.queryForList("SELECT messageId FROM CAMEL_MESSAGEPROCESSED ORDER BY messageId", String.class))
                .containsExactly("recent", "young");
        assertThat(jdbc.queryForList("SELECT transaction_id FROM email_send_marker ORDER BY transaction_id", String.class))
                .containsExactly("vtx_recent", "vtx_young");
        assertThat(jdbc.queryForList("SELECT event_id FROM gift_event", String.class)).containsExactly("evt_young");
        assertThat(jdbc.queryForList("SELECT DISTINCT event_id FROM gift_event_entry", String.class)).containsExactly("evt_young");
        assertThat(new ExpiredStatePurge(db.dataSource(), RETENTION_DAYS, BATCH_SIZE).purge())
                .as("nothing left to purge").isEqualTo(new ExpiredStatePurge.Purged(0, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aKeyBeingInsertedDoesNotHoldThePurgeUp(StateDatabase db) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        key(jdbc, "webhook-intake", "old", ago(Duration.ofDays(RETENTION_DAYS + 1)));
        try (Connection intake = db.dataSource().getConnection()) {
            intake.setAutoCommit(false);
            try (PreparedStatement insert = intake.prepareStatement(
                    "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)")) {
                insert.setString(1, "webhook-intake");
                insert.setString(2, "in-flight");
                insert.setTimestamp(3, ago(Duration.ZERO));
                insert.executeUpdate(); // uncommitted, as while the intake hands a delivery off
            }

            ExpiredStatePurge.Purged purged = CompletableFuture.supplyAsync(
                    () -> new ExpiredStatePurge(db.dataSource(), RETENTION_DAYS, BATCH_SIZE).purge()).get(5, TimeUnit.SECONDS);

            assertThat(purged).isEqualTo(new ExpiredStatePurge.Purged(1, 0, 0));
            intake.commit();
        }
        assertThat(jdbc.queryForList("SELECT messageId FROM CAMEL_MESSAGEPROCESSED", String.class)).isEqualTo(List.of("in-flight"));
    }

    /** On the embedded defaults the keys have a database of their own: purged there, the state database's rest here. */
    @Test
    void keysInADatabaseOfTheirOwnArePurgedThere() {
        DataSource state = StateDatabases.all().findFirst().orElseThrow().dataSource(); // H2
        DataSource keys = new DriverManagerDataSource("jdbc:h2:mem:keys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(keys).locations("classpath:db/keys").table("gift_integration_schema_history").load().migrate();
        Timestamp expired = ago(Duration.ofDays(RETENTION_DAYS).plusHours(1));
        key(new JdbcTemplate(keys), "webhook-intake", "old", expired);
        key(new JdbcTemplate(keys), "webhook-intake", "recent", ago(Duration.ofMinutes(1)));
        marker(new JdbcTemplate(state), "vtx_old", "sent", expired);

        ExpiredStatePurge.Purged purged = new ExpiredStatePurge(state, keys, RETENTION_DAYS, BATCH_SIZE).purge();

        assertThat(purged).isEqualTo(new ExpiredStatePurge.Purged(1, 1, 0));
        assertThat(new JdbcTemplate(keys).queryForList("SELECT messageId FROM CAMEL_MESSAGEPROCESSED", String.class))
                .containsExactly("recent");
    }

    @Test
    void aRetentionOfLessThanADayIsRefused() {
        DataSource unused = new DriverManagerDataSource("jdbc:h2:mem:unused");
        assertThatThrownBy(() -> new ExpiredStatePurge(unused, 0, ExpiredStatePurge.BATCH_SIZE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STATE_RETENTION_DAYS");
    }

    private static Timestamp ago(Duration age) {
        return Timestamp.from(Instant.now().minus(age)); // as Camel writes createdAt: a JDBC timestamp of the JVM's clock
    }

    private static void key(JdbcTemplate jdbc, String processor, String messageId, Timestamp createdAt) {
        jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)", processor, messageId, createdAt);
    }

    private static void journal(JdbcTemplate jdbc, String eventId, Timestamp receivedAt) {
        jdbc.update("INSERT INTO gift_event (event_id, event_type, received_at, status) VALUES (?, ?, ?, ?)",
                eventId, "customer.voucher.gift.balance_added", receivedAt, "accepted");
        jdbc.update("INSERT INTO gift_event_entry (event_id, at, leg, outcome) VALUES (?, ?, ?, ?)", eventId, receivedAt, "erp", "pending");
        jdbc.update("INSERT INTO gift_event_entry (event_id, at, leg, outcome, attempts) VALUES (?, ?, ?, ?, ?)", eventId, receivedAt, "erp", "done", 1);
    }

    private static void marker(JdbcTemplate jdbc, String transactionId, String state, Timestamp begunAt) {
        jdbc.update("INSERT INTO email_send_marker (transaction_id, state, begun_at, completed_at) VALUES (?, ?, ?, ?)",
                transactionId, state, begunAt, "sent".equals(state) ? begunAt : null);
    }
}
