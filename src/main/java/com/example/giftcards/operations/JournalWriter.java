package com.example.giftcards.operations;

import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the journal's records in batches, off the intake's and the legs' threads: one thread takes whatever records
 * are waiting (at most {@code batchSize}) and writes them in one state-database transaction. Under load a batch holds
 * the records of many events, so the journal costs one commit per batch instead of one per leg outcome; when quiet,
 * a record is written at once (the thread waits on the queue, not on a clock).
 * <p>
 * Nothing any guarantee rests on is here: idempotency keys and email send markers are written by their own code, in
 * their own transactions, synchronously. What a crash (kill -9) loses is the records still waiting, at most the last
 * moments' worth: an operator may then find an event without a journal, or a leg still shown pending or retrying
 * that in fact finished (the ERP ledger, the email send marker and the queues say what happened). A graceful stop
 * writes them all ({@link #close}).
 * <p>
 * A full queue (the state database slower than the traffic) is written by the caller itself, in its own thread:
 * back-pressure instead of loss or unbounded memory. A batch that fails is retried record by record once; a record
 * that fails again is logged (event id and outcome, no personal data) and dropped - a journal entry must never make
 * a webhook or a leg fail, exactly as before.
 */
public class JournalWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final String INSERT_EVENT = "INSERT INTO gift_event (event_id, event_type, transaction_id, voucher_id, received_at, status) "
            + "SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM gift_event WHERE event_id = ?)";
    private static final String INSERT_ENTRY = "INSERT INTO gift_event_entry (event_id, at, leg, outcome, attempts, reason) VALUES (?, ?, ?, ?, ?, ?)";
    private static final int[] EVENT_TYPES = {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP,
            Types.VARCHAR, Types.VARCHAR};
    private static final int[] ENTRY_TYPES = {Types.VARCHAR, Types.TIMESTAMP, Types.VARCHAR, Types.VARCHAR, Types.INTEGER,
            Types.VARCHAR};

    /** One row of gift_event or gift_event_entry. */
    sealed interface Row permits EventRow, EntryRow {
        String eventId();
    }

    record EventRow(String eventId, String eventType, String transactionId, String voucherId, Timestamp receivedAt,
                    String status) implements Row {
    }

    record EntryRow(String eventId, Timestamp at, String leg, String outcome, Integer attempts, String reason) implements Row {
    }

    private static final Row STOP = new EntryRow(null, null, null, null, null, null);

    private final JdbcTemplate state;
    private final TransactionTemplate transactions;
    private final BlockingQueue<Row> queue;
    private final int batchSize;
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    /** Queued and not yet written (or given up on). */
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean closed;

    public JournalWriter(DataSource stateDataSource, int capacity, int batchSize) {
        this(stateDataSource, capacity, batchSize, true);
    }

    /** Not started: records wait until {@link #start} (tests, to see them batched). */
    JournalWriter(DataSource stateDataSource, int capacity, int batchSize, boolean started) {
        this.state = new JdbcTemplate(stateDataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(stateDataSource));
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.thread = new Thread(this::run, "journal-writer");
        this.thread.setDaemon(true);
        if (started) {
            this.thread.start();
        }
    }

    void start() {
        thread.start();
    }

    /** Queued for the writer thread; written here and now when the queue is full or the writer stopped. */
    void write(Row row) {
        pending.incrementAndGet();
        if (closed || !queue.offer(row)) {
            pending.decrementAndGet();
            writeNow(List.of(row));
        }
    }

    /** Batches written so far, and the rows in them (for tests and the benchmark's curiosity). */
    long batches() {
        return batches.get();
    }

    long written() {
        return written.get();
    }

    /** Waits until every record queued before this call is written (tests). */
    boolean awaitIdle(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (pending.get() > 0) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    private void run() {
        List<Row> batch = new ArrayList<>(batchSize);
        while (true) {
            try {
                Row first = queue.take();
                if (first == STOP) {
                    return;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                boolean stop = batch.removeIf(row -> row == STOP);
                try {
                    writeBatch(batch);
                } finally {
                    pending.addAndGet(-batch.size());
                    batch.clear();
                }
                if (stop) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unexpected) {
                LOG.warn("Journal writer: {}", unexpected.toString());
            }
        }
    }

    private void writeBatch(List<Row> batch) {
        try {
            writeNow(batch);
        } catch (RuntimeException batchFailed) {
            LOG.warn("Journal batch of {} records failed, writing them one by one: {}", batch.size(), batchFailed.toString());
            for (Row row : batch) {
                try {
                    writeNow(List.of(row));
                } catch (RuntimeException failed) {
                    LOG.warn("Journal record of event {} not written: {}", row.eventId(), failed.toString());
                }
            }
        }
    }

    /** In one transaction; the event rows first, then the entries in the order they were recorded. */
    private void writeNow(List<Row> rows) {
        List<Object[]> events = new ArrayList<>();
        List<Object[]> entries = new ArrayList<>();
        for (Row row : rows) {
            if (row instanceof EventRow e) {
                events.add(new Object[] {e.eventId(), e.eventType(), e.transactionId(), e.voucherId(), e.receivedAt(), e.status(), e.eventId()});
            } else if (row instanceof EntryRow e) {
                entries.add(new Object[] {e.eventId(), e.at(), e.leg(), e.outcome(), e.attempts(), e.reason()});
            }
        }
        transactions.executeWithoutResult(status -> {
            // One statement each: MariaDB's driver sends a JDBC batch with its bulk protocol, which has no
            // INSERT ... SELECT. Still one commit for the whole batch, which is what costs.
            for (Object[] event : events) {
                state.update(INSERT_EVENT, event, EVENT_TYPES);
            }
            // with the SQL types: a batch's rows mix nulls and values
            if (!entries.isEmpty()) {
                state.batchUpdate(INSERT_ENTRY, entries, ENTRY_TYPES);
            }
        });
        batches.incrementAndGet();
        written.addAndGet(rows.size());
    }

    /** Writes what is queued, then stops the thread; records after this are written by their callers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Row> left = new ArrayList<>();
        queue.drainTo(left);
        left.removeIf(row -> row == STOP);
        if (!left.isEmpty()) {
            writeBatch(left);
            pending.addAndGet(-left.size());
        }
    }
}
