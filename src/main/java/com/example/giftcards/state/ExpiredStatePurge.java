package com.example.giftcards.state;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import com.example.giftcards.dialect.SqlDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the state database bounded: deletes idempotency keys ({@code CAMEL_MESSAGEPROCESSED.createdAt}, in the keys'
 * database: the state database's, or on the embedded defaults a file of their own) and email
 * send markers ({@code email_send_marker.begun_at}) older than {@code gift.state.retention-days}, every
 * {@code gift.state.purge-interval}. The retention is far beyond Voucherify's retry window (about a day): a delivery
 * repeated after it is processed again, and an email whose marker is gone could go out again.
 * <p>
 * Deletes in batches of {@value #BATCH_SIZE} rows, each statement its own short transaction, until a
 * batch deletes fewer: a purge never holds many row locks, nor holds them long, so the intake is never kept waiting.
 * The timestamps are written as JDBC timestamps of the JVM's clock (Camel's repository does so), and the cut-off is
 * bound the same way, so the comparison holds whatever the time zones. Several instances may purge at once; the
 * loser of a row just deletes fewer.
 */
@Component
public class ExpiredStatePurge {

    static final int BATCH_SIZE = 500;
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredStatePurge.class);

    public record Purged(int idempotencyKeys, int emailSendMarkers, int journalEvents) {
    }

    /** A table the purge keeps bounded: rows whose time column is older than the cut-off go, by their key. */
    private record Table(String name, String key, String time) {
    }

    private static final Table JOURNAL_ENTRIES = new Table("gift_event_entry", "entry_id", "at");
    private static final Table KEYS = new Table("CAMEL_MESSAGEPROCESSED", "processorName, messageId", "createdAt");
    private static final Table MARKERS = new Table("email_send_marker", "transaction_id", "begun_at");
    private static final Table JOURNAL_EVENTS = new Table("gift_event", "event_id", "received_at");

    /** A database purged: its statements, its dialect, its transactions. */
    private record Database(JdbcTemplate jdbc, boolean mariaDb, TransactionTemplate transactions) {
        static Database of(DataSource dataSource) {
            return new Database(new JdbcTemplate(dataSource), SqlDialect.of(dataSource) == SqlDialect.MARIADB,
                    new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        }
    }

    private final Database state;
    private final Database keys;
    private final Duration retention;
    private final int batchSize;

    /** The idempotency keys are in the keys' database: the state database, or on the embedded defaults their own. */
    @Autowired
    public ExpiredStatePurge(@Qualifier("stateDataSource") DataSource stateDataSource,
            @Qualifier("keysTransactionManager") DataSourceTransactionManager keysTransactions,
            @Value("${gift.state.retention-days}") int retentionDays) {
        this(stateDataSource, keysTransactions.getDataSource(), retentionDays, BATCH_SIZE);
    }

    ExpiredStatePurge(DataSource stateDataSource, int retentionDays, int batchSize) {
        this(stateDataSource, stateDataSource, retentionDays, batchSize);
    }

    ExpiredStatePurge(DataSource stateDataSource, DataSource keysDataSource, int retentionDays, int batchSize) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("gift.state.retention-days (STATE_RETENTION_DAYS) must be at least 1, not "
                    + retentionDays + ": keys younger than Voucherify's retry window must stay");
        }
        this.state = Database.of(stateDataSource);
        this.keys = keysDataSource == stateDataSource ? state : Database.of(keysDataSource);
        this.retention = Duration.ofDays(retentionDays);
        this.batchSize = batchSize;
    }

    @Scheduled(initialDelayString = "${gift.state.purge-initial-delay}", fixedDelayString = "${gift.state.purge-interval}")
    void purgeOnSchedule() {
        try {
            purge();
        } catch (DataAccessException e) { // the state database is down, say: the next run tries again
            LOG.warn("Purge of expired state failed, the next run tries again: {}", e.getMessage());
        }
    }

    /** Deletes the keys and markers older than the retention; logs one line if it deleted any. */
    public Purged purge() {
        Timestamp cutOff = Timestamp.from(Instant.now().minus(retention));
        deleteInBatches(state, JOURNAL_ENTRIES, cutOff);
        Purged purged = new Purged(deleteInBatches(keys, KEYS, cutOff), deleteInBatches(state, MARKERS, cutOff),
                deleteInBatches(state, JOURNAL_EVENTS, cutOff));
        if (purged.idempotencyKeys() > 0 || purged.emailSendMarkers() > 0 || purged.journalEvents() > 0) {
            LOG.info("Purged state older than {} days: {} idempotency keys, {} email send markers, {} journal events",
                    retention.toDays(), purged.idempotencyKeys(), purged.emailSendMarkers(), purged.journalEvents());
        }
        return purged;
    }

    private int deleteInBatches(Database db, Table table, Timestamp cutOff) {
        int total = 0;
        Batch batch;
        do {
            batch = db.mariaDb() ? deleteBatchByKeys(db, table, cutOff) : deleteBatch(db, table, cutOff);
            total += batch.deleted();
        } while (batch.found() >= batchSize);
        return total;
    }

    /** Rows found old, and deleted by us (fewer when another instance purges at the same time). */
    private record Batch(int found, int deleted) {
    }

    /** H2 and PostgreSQL: one statement (PostgreSQL has no DELETE ... LIMIT; both take a sub-select with FETCH FIRST). */
    private Batch deleteBatch(Database db, Table table, Timestamp cutOff) {
        String key = table.key().contains(",") ? "(" + table.key() + ")" : table.key();
        int deleted = db.jdbc().update("DELETE FROM " + table.name() + " WHERE " + key + " IN (SELECT " + table.key() + " FROM "
                + table.name() + " WHERE " + table.time() + " < ? FETCH FIRST " + batchSize + " ROWS ONLY)", cutOff);
        return new Batch(deleted, deleted);
    }

    /**
     * MariaDB/MySQL: a DELETE that scans for old rows locks what it scans, so it would wait for a key the intake is
     * inserting right now (and they take no LIMIT in a sub-select). The old rows' keys are read without locks
     * instead, then each row is deleted by its key, the batch in one short transaction.
     */
    private Batch deleteBatchByKeys(Database db, Table table, Timestamp cutOff) {
        List<Object[]> found = db.jdbc().query("SELECT " + table.key() + " FROM " + table.name() + " WHERE " + table.time()
                + " < ? LIMIT " + batchSize, (row, n) -> {
                    Object[] key = new Object[row.getMetaData().getColumnCount()];
                    for (int i = 0; i < key.length; i++) {
                        key[i] = row.getObject(i + 1);
                    }
                    return key;
                }, cutOff);
        String delete = "DELETE FROM " + table.name() + " WHERE "
                + String.join(" AND ", Arrays.stream(table.key().split(",\\s*")).map(c -> c + " = ?").toList());
        Integer deleted = db.transactions().execute(status -> found.stream().mapToInt(key -> db.jdbc().update(delete, key)).sum());
        return new Batch(found.size(), deleted == null ? 0 : deleted);
    }
}
