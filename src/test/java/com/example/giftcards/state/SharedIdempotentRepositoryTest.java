package com.example.giftcards.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.example.giftcards.dialect.SqlDialect;
import com.example.giftcards.support.DatabaseTest;
import com.example.giftcards.support.StateDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotency repository inside the intake's transaction, on H2 and (when the build has one) PostgreSQL or MariaDB: a key
 * another transaction holds uncommitted makes the insert wait; the outcome follows that transaction, and the
 * caller's transaction stays usable even after its insert failed (PostgreSQL aborts a transaction on any failed
 * statement, unless it was in a savepoint).
 */
@DatabaseTest
class SharedIdempotentRepositoryTest {

    record Database(String name, DataSource dataSource, String waitingInsertsSql, SqlDialect dialect) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Database> databases() {
        return StateDatabases.all().map(db -> new Database(db.name(), db.dataSource(), db.postgres()
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO CAMEL_MESSAGEPROCESSED%'"
                : db.mariaDb()
                ? "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT' AND trx_query LIKE 'INSERT INTO CAMEL_MESSAGEPROCESSED%'"
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE UPPER(EXECUTING_STATEMENT) LIKE 'INSERT INTO CAMEL_MESSAGEPROCESSED%'",
                SqlDialect.ofJdbcUrl(url(db.dataSource()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aKeyCommittedWhileWaitingIsADuplicateAndTheCallerGoesOn(Database db) throws Exception {
        String key = "evt_" + UUID.randomUUID();
        String other = "evt_" + UUID.randomUUID();
        SharedIdempotentRepository repository = started(db);
        HeldKey first = HeldKey.take(db, repository, key);

        CompletableFuture<List<Boolean>> second = CompletableFuture.supplyAsync(() -> inOneTransaction(db, () ->
                List.of(repository.add(key), repository.add(other))));
        awaitWaitingInsert(db);
        first.finish(true);

        assertThat(second.get(10, TimeUnit.SECONDS)).as("[same key, another key]").containsExactly(false, true);
        assertThat(repository.contains(other)).as("the caller's transaction committed").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aKeyRolledBackWhileWaitingIsTaken(Database db) throws Exception {
        String key = "evt_" + UUID.randomUUID();
        SharedIdempotentRepository repository = started(db);
        HeldKey first = HeldKey.take(db, repository, key);

        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> inOneTransaction(db, () -> repository.add(key)));
        awaitWaitingInsert(db);
        first.finish(false);

        assertThat(second.get(10, TimeUnit.SECONDS)).as("taken").isTrue();
        assertThat(repository.contains(key)).isTrue();
    }

    /**
     * Past the state database's lock timeout the insert gives up, and each database says so its own way (H2 and
     * PostgreSQL: lock timeout; MariaDB: error 1205, lock wait timeout): the repository turns each into
     * IdempotencyKeyBusyException, which the intake answers 409 in_progress.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aKeyHeldPastTheLockTimeoutIsBusy(Database db) throws Exception {
        String key = "evt_" + UUID.randomUUID();
        SharedIdempotentRepository repository = started(db);
        HeldKey first = HeldKey.take(db, repository, key);
        try {
            assertThatThrownBy(() -> inOneTransaction(db, () -> {
                new JdbcTemplate(db.dataSource()).execute(db.dialect().lockTimeoutSql(1)); // this connection only
                return repository.add(key);
            })).isInstanceOf(IdempotencyKeyBusyException.class);
        } finally {
            first.finish(true);
        }
        assertThat(repository.contains(key)).isTrue();
    }

    private static String url(DataSource dataSource) {
        try (var connection = dataSource.getConnection()) {
            return connection.getMetaData().getURL();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SharedIdempotentRepository started(Database db) {
        SharedIdempotentRepository repository = new SharedIdempotentRepository(new DataSourceTransactionManager(db.dataSource()), "test-" + UUID.randomUUID());
        repository.start();
        return repository;
    }

    private static <T> T inOneTransaction(Database db, java.util.function.Supplier<T> work) {
        return new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())).execute(status -> work.get());
    }

    private static void awaitWaitingInsert(Database db) {
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        await().atMost(Duration.ofSeconds(1)).until(() -> jdbc.queryForObject(db.waitingInsertsSql(), Integer.class) == 1);
    }

    /** A key added in a transaction that stays open, in a thread of its own, until finished (commit or rollback). */
    private static final class HeldKey {
        private final CountDownLatch finish = new CountDownLatch(1);
        private volatile boolean commit;
        private CompletableFuture<Void> transaction;

        static HeldKey take(Database db, SharedIdempotentRepository repository, String key) throws InterruptedException {
            HeldKey held = new HeldKey();
            CountDownLatch taken = new CountDownLatch(1);
            held.transaction = CompletableFuture.runAsync(() -> new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()))
                    .executeWithoutResult(status -> {
                        assertThat(repository.add(key)).isTrue();
                        taken.countDown();
                        try {
                            held.finish.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        if (!held.commit) {
                            status.setRollbackOnly();
                        }
                    }));
            assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
            return held;
        }

        void finish(boolean commit) throws Exception {
            this.commit = commit;
            finish.countDown();
            transaction.get(10, TimeUnit.SECONDS);
        }
    }
}
