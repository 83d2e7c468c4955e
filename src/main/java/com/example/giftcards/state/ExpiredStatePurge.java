package com.example.giftcards.state;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the state database bounded: deletes idempotency keys ({@code CAMEL_MESSAGEPROCESSED.createdAt}) and email
 * send markers ({@code email_send_marker.begun_at}) older than {@code gift.state.retention-days}, every
 * {@code gift.state.purge-interval}. The retention is far beyond Voucherify's retry window (about a day): a delivery
 * repeated after it is processed again, and an email whose marker is gone could go out again.
 * <p>
 * Deletes in batches of {@value #BATCH_SIZE} rows, each statement its own short transaction (auto-commit), until a
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

    private final JdbcTemplate state;
    private final Duration retention;
    private final int batchSize;
    private final String deleteKeys;
    private final String deleteMarkers;
    private final String deleteJournalEntries;
    private final String deleteJournalEvents;

    @Autowired
    public ExpiredStatePurge(@Qualifier("stateDataSource") DataSource stateDataSource,
            @Value("${gift.state.retention-days}") int retentionDays) {
        this(stateDataSource, retentionDays, BATCH_SIZE);
    }

    ExpiredStatePurge(DataSource stateDataSource, int retentionDays, int batchSize) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("gift.state.retention-days (STATE_RETENTION_DAYS) must be at least 1, not "
                    + retentionDays + ": keys younger than Voucherify's retry window must stay");
        }
        this.state = new JdbcTemplate(stateDataSource);
        this.retention = Duration.ofDays(retentionDays);
        // Portable: PostgreSQL has no DELETE ... LIMIT; H2 and PostgreSQL both take a sub-select with FETCH FIRST.
        this.deleteKeys = "DELETE FROM CAMEL_MESSAGEPROCESSED WHERE (processorName, messageId) IN ("
                + "SELECT processorName, messageId FROM CAMEL_MESSAGEPROCESSED WHERE createdAt < ? FETCH FIRST " + batchSize + " ROWS ONLY)";
        this.deleteMarkers = "DELETE FROM email_send_marker WHERE transaction_id IN ("
                + "SELECT transaction_id FROM email_send_marker WHERE begun_at < ? FETCH FIRST " + batchSize + " ROWS ONLY)";
        this.deleteJournalEntries = "DELETE FROM gift_event_entry WHERE entry_id IN ("
                + "SELECT entry_id FROM gift_event_entry WHERE at < ? FETCH FIRST " + batchSize + " ROWS ONLY)";
        this.deleteJournalEvents = "DELETE FROM gift_event WHERE event_id IN ("
                + "SELECT event_id FROM gift_event WHERE received_at < ? FETCH FIRST " + batchSize + " ROWS ONLY)";
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
        deleteInBatches(deleteJournalEntries, cutOff);
        Purged purged = new Purged(deleteInBatches(deleteKeys, cutOff), deleteInBatches(deleteMarkers, cutOff),
                deleteInBatches(deleteJournalEvents, cutOff));
        if (purged.idempotencyKeys() > 0 || purged.emailSendMarkers() > 0 || purged.journalEvents() > 0) {
            LOG.info("Purged state older than {} days: {} idempotency keys, {} email send markers, {} journal events",
                    retention.toDays(), purged.idempotencyKeys(), purged.emailSendMarkers(), purged.journalEvents());
        }
        return purged;
    }

    private int deleteInBatches(String delete, Timestamp cutOff) {
        int total = 0;
        int deleted;
        do {
            deleted = state.update(delete, cutOff);
            total += deleted;
        } while (deleted >= batchSize);
        return total;
    }
}
