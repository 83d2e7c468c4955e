package com.example.giftcards.database;

import java.util.List;

import javax.sql.DataSource;

import com.example.giftcards.dialect.SqlDialect;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where the intake's idempotency keys live ({@code gift.keys-db}): in the state database, or in a database of their
 * own. On the embedded defaults they have an H2 file of their own beside the state database's: H2 writes every commit
 * under one lock per file, and the intake's key commit then no longer waits behind the email leg's send markers and
 * the journal's batches (docs/performance.md, round 4). Set to the state database's URL (the default whenever
 * {@code STATE_DB_URL} is set) they share it, as before: PostgreSQL and MariaDB have no such file-wide lock.
 */
final class IdempotencyKeyDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKeyDatabase.class);
    private static final String KEYS = "CAMEL_MESSAGEPROCESSED";

    private IdempotencyKeyDatabase() {
    }

    /** The same database as the state database's (then the keys stay in the state database, on its pool). */
    static boolean isTheStateDatabase(DataSourceProperties keys, DataSourceProperties state) {
        return keys.determineUrl().equals(state.determineUrl());
    }

    /**
     * Migrates a keys database of their own ({@code db/keys}, or {@code db/keys-mariadb}) and, the first time, takes
     * over the keys the state database holds (written before the keys had a database of their own), so that an
     * upgrade still answers the repeat of a delivery accepted before it "duplicate".
     */
    static DataSourceTransactionManager ofTheirOwn(DataSource keys, DataSource state) {
        Flyway.configure()
                .dataSource(keys)
                .locations(SqlDialect.of(keys).migrations("classpath:db/keys"))
                .table("gift_integration_schema_history")
                .baselineOnMigrate(true) // a database that holds other tables already
                .baselineVersion("0")
                .load()
                .migrate();
        JdbcTemplate keysDb = new JdbcTemplate(keys);
        Integer held = keysDb.queryForObject("SELECT COUNT(*) FROM " + KEYS, Integer.class);
        if (held != null && held == 0) {
            List<Object[]> earlier = new JdbcTemplate(state).query("SELECT processorName, messageId, createdAt FROM " + KEYS,
                    (row, n) -> new Object[] {row.getString(1), row.getString(2), row.getTimestamp(3)});
            if (!earlier.isEmpty()) {
                new TransactionTemplate(new DataSourceTransactionManager(keys)).executeWithoutResult(status -> keysDb.batchUpdate(
                        "INSERT INTO " + KEYS + " (processorName, messageId, createdAt) VALUES (?, ?, ?)", earlier));
                LOG.info("Idempotency keys now in a database of their own: took over {} from the state database", earlier.size());
            }
        }
        return new DataSourceTransactionManager(keys);
    }
}
