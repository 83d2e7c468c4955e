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

import com.example.giftcards.support.TestErpDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The purge of expired state on H2 and (when the build has one) PostgreSQL: idempotency keys and email send markers
 * older than the retention go, in batches until none is left; younger ones stay, and so does a key another
 * transaction is inserting right now, without the purge waiting for it.
 */
class ExpiredStatePurgeTest {

    private static final int RETENTION_DAYS = 30;
    private static final int BATCH_SIZE = 2; // 5 expired rows per table: batches of 2, 2 and 1

    record Database(String name, DataSource dataSource) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Database> databases() {
        Stream<Database> h2 = Stream.of(new Database("H2", migrated(new DriverManagerDataSource(
                "jdbc:h2:mem:state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""), null)));
        if (!TestErpDatabase.onPostgres()) {
            return h2;
        }
        String schema = "state_purge_test_" + UUID.randomUUID().toString().replace("-", "");
        String url = System.getenv("ERP_DB_URL") + (System.getenv("ERP_DB_URL").contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return Stream.concat(h2, Stream.of(new Database("PostgreSQL", migrated(new DriverManagerDataSource(
                url, TestErpDatabase.user(), TestErpDatabase.password()), schema))));
    }

    private static DataSource migrated(DataSource dataSource, String schema) {
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/state");
        if (schema != null) {
            flyway.schemas(schema);
        }
        flyway.load().migrate();
        return dataSource;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void expiredKeysAndMarkersGoYoungOnesStay(Database db) {
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        Timestamp expired = ago(Duration.ofDays(RETENTION_DAYS).plusHours(1));
        Timestamp young = ago(Duration.ofDays(RETENTION_DAYS).minusHours(1));
        Timestamp recent = ago(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            key(jdbc, i % 2 == 0 ? "webhook-intake" : "other-processor", "old-" + i, expired);
            marker(jdbc, "vtx_old-" + i, i % 2 == 0 ? "sent" : "sending", expired);
        }
        key(jdbc, "webhook-intake", "young", young);
        key(jdbc, "other-processor", "recent", recent);
        marker(jdbc, "vtx_young", "sent", young);
        marker(jdbc, "vtx_recent", "sending", recent);

        ExpiredStatePurge.Purged purged = new ExpiredStatePurge(db.dataSource(), RETENTION_DAYS, BATCH_SIZE).purge();

        assertThat(purged).isEqualTo(new ExpiredStatePurge.Purged(5, 5));
        assertThat(jdbc.queryForList("SELECT messageId FROM CAMEL_MESSAGEPROCESSED ORDER BY messageId", String.class))
                .containsExactly("recent", "young");
        assertThat(jdbc.queryForList("SELECT transaction_id FROM email_send_marker ORDER BY transaction_id", String.class))
                .containsExactly("vtx_recent", "vtx_young");
        assertThat(new ExpiredStatePurge(db.dataSource(), RETENTION_DAYS, BATCH_SIZE).purge())
                .as("nothing left to purge").isEqualTo(new ExpiredStatePurge.Purged(0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aKeyBeingInsertedDoesNotHoldThePurgeUp(Database db) throws Exception {
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

            assertThat(purged).isEqualTo(new ExpiredStatePurge.Purged(1, 0));
            intake.commit();
        }
        assertThat(jdbc.queryForList("SELECT messageId FROM CAMEL_MESSAGEPROCESSED", String.class)).isEqualTo(List.of("in-flight"));
    }

    @Test
    void aRetentionOfLessThanADayIsRefused() {
        DataSource unused = new DriverManagerDataSource("jdbc:h2:mem:unused");
        assertThatThrownBy(() -> new ExpiredStatePurge(unused, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STATE_RETENTION_DAYS");
    }

    private static Timestamp ago(Duration age) {
        return Timestamp.from(Instant.now().minus(age)); // as Camel writes createdAt: a JDBC timestamp of the JVM's clock
    }

    private static void key(JdbcTemplate jdbc, String processor, String messageId, Timestamp createdAt) {
        jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)", processor, messageId, createdAt);
    }

    private static void marker(JdbcTemplate jdbc, String transactionId, String state, Timestamp begunAt) {
        jdbc.update("INSERT INTO email_send_marker (transaction_id, state, begun_at, completed_at) VALUES (?, ?, ?, ?)",
                transactionId, state, begunAt, "sent".equals(state) ? begunAt : null);
    }
}
