package com.example.giftcards.operations;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.example.giftcards.names.RouteNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What happened to each event the intake saw, in the state database: the intake's answer and, per leg, every outcome
 * with its time, attempts and reason - the answer to "what happened to event X?" ({@code GET /admin/events/...}).
 * Each record also moves the metrics {@code gift_webhooks_total}, {@code gift_leg_outcomes_total} and
 * {@code gift_event_to_leg_seconds} (Micrometer names without the suffixes Prometheus adds).
 * <p>
 * A record called in a state-database transaction (the intake's idempotency key, the email send marker) is written
 * only once that committed, and its metric moves then. Outcomes of other resources (the ERP's database, the broker)
 * are recorded right after they committed: a crash in between is followed by the leg's redelivery, which records the
 * outcome again. No personal data: addresses are masked out of reasons.
 * <p>
 * Written in batches by a {@link JournalWriter} ({@code gift.journal.asynchronous}, the default): the journal is for
 * operators, and no guarantee rests on it, so it costs the intake and the legs no commit of their own. A leg has no
 * entry until it has an outcome: an accepted event's legs without one read as {@code pending} (at the time received).
 * After a kill -9 the last moments' records may be missing (see {@link JournalWriter}). Without the writer each record
 * is written at once, in the transaction it is called in.
 */
@Component
public class EventJournal implements AutoCloseable {

    public static final String ERP = "erp";
    public static final String EMAIL = "email";
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^\\s<>\"'(),;:]+@[^\\s<>\"'(),;:]+");
    private static final int MAX_REASON = 1000;

    private final DataSource stateDataSource;
    private final JdbcTemplate state;
    private final MeterRegistry metrics;
    private final JournalWriter writer;

    /** Each record written at once, in the transaction it is called in. */
    public EventJournal(DataSource stateDataSource, MeterRegistry metrics) {
        this(stateDataSource, metrics, null);
    }

    @Autowired
    public EventJournal(@Qualifier("stateDataSource") DataSource stateDataSource, MeterRegistry metrics,
                        @Value("${gift.journal.asynchronous:true}") boolean asynchronous,
                        @Value("${gift.journal.queue-capacity:20000}") int capacity,
                        @Value("${gift.journal.batch-size:500}") int batchSize) {
        this(stateDataSource, metrics, asynchronous ? new JournalWriter(stateDataSource, capacity, batchSize) : null);
    }

    EventJournal(DataSource stateDataSource, MeterRegistry metrics, JournalWriter writer) {
        this.stateDataSource = stateDataSource;
        this.state = new JdbcTemplate(stateDataSource);
        this.metrics = metrics;
        this.writer = writer;
    }

    /** Writes what is still queued (a graceful stop); the state database's pool closes after this bean. */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }

    /** The batching writer, or null when each record is written at once. */
    JournalWriter writer() {
        return writer;
    }

    // --- the intake's answers (in the idempotency key's transaction)

    /** Handed off to both legs: each leg is pending until its first outcome (no entry of its own). */
    public void accepted(Exchange exchange) {
        received(exchange, "accepted");
    }

    public void ignored(Exchange exchange) {
        received(exchange, "ignored");
    }

    public void parked(Exchange exchange) {
        received(exchange, "parked");
        Throwable invalid = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        entry(eventId(exchange), null, "parked", null, reason(invalid == null ? null : invalid.getMessage()), null);
    }

    /** A repeat delivery: the event keeps its first answer; the repeat is in its history. */
    public void duplicate(Exchange exchange) {
        entry(eventId(exchange), null, "duplicate", null, null, () -> countWebhook(exchange, "duplicate"));
    }

    private void received(Exchange exchange, String status) {
        // The same event id under another source (a second webhook set up in Voucherify) keeps the first record:
        // a journal entry must never make the intake fail.
        record(new JournalWriter.EventRow(eventId(exchange), header(exchange, RouteNames.EVENT_TYPE), header(exchange, RouteNames.TRANSACTION_ID),
                header(exchange, RouteNames.VOUCHER_ID), new Timestamp(receivedAt(exchange)), status), () -> countWebhook(exchange, status));
    }

    // --- the legs' outcomes

    /** The ERP transaction committed. */
    public void erpDone(Exchange exchange) {
        legOutcome(exchange, ERP, "done", null);
        timeToLeg(exchange, ERP);
    }

    /** The SMTP server accepted the email (called in the send marker's transaction). */
    public void emailSent(Exchange exchange) {
        legOutcome(exchange, EMAIL, "sent", null);
        timeToLeg(exchange, EMAIL);
    }

    /** No email: no address, or the project-settings variant (no customer at all). */
    public void emailSkipped(Exchange exchange) {
        boolean projectSettings = "voucher.gift.balance_added".equals(header(exchange, RouteNames.EVENT_TYPE));
        legOutcome(exchange, EMAIL, "skipped", projectSettings ? "project-settings variant: no customer" : "no email address");
        timeToLeg(exchange, EMAIL);
    }

    /** No email: the transaction spent, removed or refunded money, and only money added is emailed. */
    public void emailNotATopUp(Exchange exchange) {
        // Every event handed off carries its type (JMS property transactionType).
        String type = Objects.requireNonNullElse(header(exchange, RouteNames.TRANSACTION_TYPE), "non-addition");
        legOutcome(exchange, EMAIL, "skipped", "not a top-up: no email for a " + type + " transaction");
        timeToLeg(exchange, EMAIL);
    }

    /** No email, for the reason given (a backfilled top-up older than GIFT_BACKFILL_EMAIL_MAX_AGE, ...). */
    public void emailSkippedFor(Exchange exchange, String reason) {
        legOutcome(exchange, EMAIL, "skipped", reason);
        timeToLeg(exchange, EMAIL);
    }

    /** Another event of the same transaction (a repeat, a replay) had its email sent already. */
    public void emailAlreadySent(Exchange exchange) {
        legOutcome(exchange, EMAIL, "skipped", "already sent for this transaction");
    }

    /** A failed attempt is about to be retried (the leg's error handler). */
    public void retrying(Exchange exchange) {
        String leg = exchange.getProperty(RouteNames.LEG, String.class);
        if (leg != null) {
            Throwable failure = exchange.getException() != null ? exchange.getException()
                    : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            legOutcome(exchange, leg, "retrying", reason(failure == null ? null : failure.getMessage()));
        }
    }

    /** Parked on the leg's dead-letter queue: as outcome_unknown when that is why. */
    public void deadLettered(Exchange exchange) {
        String failureType = header(exchange, RouteNames.FAILURE_TYPE);
        String outcome = "outcome_unknown".equals(failureType) ? "outcome_unknown" : "dead_lettered";
        legOutcome(exchange, exchange.getProperty(RouteNames.LEG, String.class), outcome, reason(header(exchange, RouteNames.FAILURE_REASON)));
    }

    /**
     * Taken from the leg's queue: if an operator's replay put it there (it carries the failure it was parked with),
     * the history says so before the leg's new outcome. Recorded by the leg, not by the replay, so that it is there
     * only once the replay committed, and always before what the leg then does.
     */
    public void takenFromLegQueue(Exchange exchange) {
        boolean replay = header(exchange, RouteNames.PREVIOUS_FAILURE_TYPE) != null;
        boolean redelivered = Boolean.TRUE.equals(exchange.getMessage().getHeader("JMSRedelivered", Boolean.class));
        if (replay && !redelivered) {
            legOutcome(exchange, exchange.getProperty(RouteNames.LEG, String.class), "replayed", null);
        }
    }

    private void legOutcome(Exchange exchange, String leg, String outcome, String reason) {
        int attempts = exchange.getProperty(RouteNames.LEG_REDELIVERIES, 0, Integer.class) + 1;
        entry(eventId(exchange), leg, outcome, attempts, reason,
                () -> metrics.counter("gift_leg_outcomes", "leg", leg, "outcome", outcome).increment());
    }

    private void timeToLeg(Exchange exchange, String leg) {
        long receivedAt = receivedAt(exchange);
        Duration elapsed = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - receivedAt));
        afterCommit(() -> Timer.builder("gift_event_to_leg").tag("leg", leg)
                .description("From the webhook received to the leg done")
                .publishPercentileHistogram()
                .register(metrics).record(elapsed));
    }

    private void entry(String eventId, String leg, String outcome, Integer attempts, String reason, Runnable counted) {
        record(new JournalWriter.EntryRow(eventId, new Timestamp(System.currentTimeMillis()), leg, outcome, attempts, reason), counted);
    }

    /**
     * Synchronous: written now, in the caller's transaction if there is one; in a transaction of another database (the
     * idempotency keys' own, on the embedded defaults) once that committed. Batched: handed to the writer once the
     * caller's transaction committed (nothing of a rolled-back one), or now outside one. The metric moves with it.
     */
    private void record(JournalWriter.Row row, Runnable counted) {
        Runnable count = counted == null ? () -> { } : counted;
        if (writer == null && TransactionSynchronizationManager.isSynchronizationActive()
                && !TransactionSynchronizationManager.hasResource(stateDataSource)) {
            afterCommit(() -> {
                insert(row);
                count.run();
            });
        } else if (writer == null) {
            insert(row);
            afterCommit(count);
        } else {
            afterCommit(() -> {
                writer.write(row);
                count.run();
            });
        }
    }

    private void insert(JournalWriter.Row row) {
        if (row instanceof JournalWriter.EventRow e) {
            state.update("INSERT INTO gift_event (event_id, event_type, transaction_id, voucher_id, received_at, status) "
                            + "SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM gift_event WHERE event_id = ?)",
                    e.eventId(), e.eventType(), e.transactionId(), e.voucherId(), e.receivedAt(), e.status(), e.eventId());
        } else if (row instanceof JournalWriter.EntryRow e) {
            state.update("INSERT INTO gift_event_entry (event_id, at, leg, outcome, attempts, reason) VALUES (?, ?, ?, ?, ?, ?)",
                    e.eventId(), e.at(), e.leg(), e.outcome(), e.attempts(), e.reason());
        }
    }

    /** The intake's answers to webhooks; an event a backfill handed off is counted by the backfill's own metrics. */
    private void countWebhook(Exchange exchange, String status) {
        if (!"backfill".equals(header(exchange, RouteNames.ORIGIN))) {
            metrics.counter("gift_webhooks", "status", status).increment();
        }
    }

    /** Metrics move only for what committed. */
    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    // --- reading it back

    /** The event with its legs' current outcomes and its history, or null when the intake never saw it. */
    public Map<String, Object> find(String eventId) {
        List<Map<String, Object>> events = state.queryForList(
                "SELECT event_id, event_type, transaction_id, voucher_id, received_at, status FROM gift_event WHERE event_id = ?", eventId);
        return events.isEmpty() ? null : describe(events.get(0));
    }

    /** The events of a transaction or a voucher, newest first. */
    public List<Map<String, Object>> search(String column, String value) {
        List<Map<String, Object>> found = new ArrayList<>();
        // LIMIT: H2, PostgreSQL, MariaDB and MySQL all take it (MySQL has no FETCH FIRST)
        for (Map<String, Object> event : state.queryForList("SELECT event_id, event_type, transaction_id, voucher_id, received_at, status "
                + "FROM gift_event WHERE " + column + " = ? ORDER BY received_at DESC, event_id LIMIT 100", value)) {
            found.add(describe(event));
        }
        return found;
    }

    private Map<String, Object> describe(Map<String, Object> event) {
        String eventId = (String) event.get("event_id");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("event_id", eventId);
        answer.put("event_type", event.get("event_type"));
        answer.put("transaction_id", event.get("transaction_id"));
        answer.put("voucher_id", event.get("voucher_id"));
        answer.put("received_at", instant(event.get("received_at")));
        answer.put("status", event.get("status"));
        Map<String, Object> legs = new LinkedHashMap<>();
        List<Map<String, Object>> history = new ArrayList<>();
        if ("accepted".equals(event.get("status"))) {
            // handed off to both legs: each is pending from the moment received until its first outcome
            for (String leg : List.of(ERP, EMAIL)) {
                Map<String, Object> pending = new LinkedHashMap<>();
                pending.put("at", answer.get("received_at"));
                pending.put("leg", leg);
                pending.put("outcome", "pending");
                pending.put("attempts", null);
                pending.put("reason", null);
                history.add(pending);
                Map<String, Object> current = new LinkedHashMap<>(pending);
                current.remove("leg");
                legs.put(leg, current);
            }
        }
        for (Map<String, Object> row : state.queryForList(
                "SELECT at, leg, outcome, attempts, reason FROM gift_event_entry WHERE event_id = ? ORDER BY entry_id", eventId)) {
            if ("pending".equals(row.get("outcome"))) {
                continue; // written by earlier versions; the pending entries above say the same
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("at", instant(row.get("at")));
            entry.put("leg", row.get("leg"));
            entry.put("outcome", row.get("outcome"));
            entry.put("attempts", row.get("attempts"));
            entry.put("reason", row.get("reason"));
            history.add(entry);
            if (row.get("leg") != null) {
                Map<String, Object> current = new LinkedHashMap<>(entry);
                current.remove("leg");
                legs.put((String) row.get("leg"), current);
            }
        }
        answer.put("legs", legs);
        answer.put("history", history);
        return answer;
    }

    private static String instant(Object timestamp) {
        return timestamp instanceof Timestamp t ? t.toInstant().toString() : String.valueOf(timestamp);
    }

    private static String eventId(Exchange exchange) {
        return header(exchange, RouteNames.EVENT_ID);
    }

    private static String header(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }

    private static long receivedAt(Exchange exchange) {
        Long receivedAt = exchange.getMessage().getHeader(RouteNames.RECEIVED_AT, Long.class);
        return receivedAt != null ? receivedAt : exchange.getClock().getCreated();
    }

    /** A failure's message without anything that looks like an email address, cut to fit. */
    static String reason(String failure) {
        if (failure == null) {
            return null;
        }
        String message = EMAIL_ADDRESS.matcher(failure).replaceAll("<address>");
        return message.length() > MAX_REASON ? message.substring(0, MAX_REASON) : message;
    }
}
