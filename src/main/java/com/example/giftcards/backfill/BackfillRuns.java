package com.example.giftcards.backfill;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;

import com.example.giftcards.http.JsonAnswers;
import com.example.giftcards.http.RequestRejectedException;
import com.example.giftcards.names.RouteNames;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Starts, records and reports backfill runs (table backfill_run in the state database, so that every instance sees
 * the same runs). One run at a time, across instances too: a running run holds the unique {@code running_slot} and
 * beats (its row's updated_at) while it runs; a run whose beat stopped for gift.backfill.stale-after (its process
 * died) is marked failed when the next one starts.
 */
@Component
public class BackfillRuns {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillRuns.class);
    private static final String RUNNING = "running";

    private final BackfillSettings settings;
    private final JdbcTemplate state;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final int maxPage;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<BackfillRun> current = new AtomicReference<>();
    private final AtomicLong driftCards = new AtomicLong();
    private final AtomicLong lastSuccess = new AtomicLong();
    private final Duration staleAfter;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "backfill-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public BackfillRuns(BackfillSettings settings, @Qualifier("stateDataSource") DataSource stateDataSource,
                        MeterRegistry metrics, @Value("${gift.voucherify.max-page:99}") int maxPage,
                        @Value("${gift.backfill.stale-after:2m}") Duration staleAfter) {
        this.settings = settings;
        this.staleAfter = staleAfter;
        this.state = new JdbcTemplate(stateDataSource);
        this.metrics = metrics;
        this.clock = Clock.tickMillis(java.time.ZoneOffset.UTC);     // times in reports as Voucherify writes them
        this.maxPage = maxPage;
        Gauge.builder("gift_backfill_drift_cards", driftCards, AtomicLong::get)
                .description("Cards whose ERP balance differed from Voucherify's in the last finished backfill run")
                .register(metrics);
        Gauge.builder("gift_backfill_last_success_seconds", lastSuccess, AtomicLong::get)
                .description("When the last successful backfill run finished (epoch seconds; 0: none since start)")
                .register(metrics);
        long beat = Math.max(250, staleAfter.toMillis() / 4);
        heartbeat.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
    }

    /** The running run's row says it is alive, so that no other instance takes it for dead. */
    private void beat() {
        BackfillRun run = current.get();
        if (run != null) {
            try {
                state.update("UPDATE backfill_run SET updated_at = ? WHERE run_id = ? AND status = 'running'", ts(clock.instant()), run.id());
            } catch (RuntimeException e) {
                LOG.warn("Backfill run {}: its heartbeat could not be written ({})", run.id(), e.getClass().getSimpleName());
            }
        }
    }

    @PreDestroy
    void stopHeartbeat() {
        heartbeat.shutdownNow();
    }

    // --- starting a run

    /** POST /admin/backfill: {@code {"since": ISO-8601, "until": ISO-8601 (optional, default now)}}. */
    public BackfillRun startRequested(@Body String body) {
        requireConfigured();
        Instant now = clock.instant();
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("the body is not JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw invalid("the body must be a JSON object such as {\"since\": \"2026-12-05T00:00:00Z\"}");
        }
        Instant since = time(request.get("since"), "since");
        if (since == null) {
            throw invalid("'since' is missing");
        }
        Instant until = time(request.get("until"), "until");
        if (until == null || until.isAfter(now)) {
            until = now;        // nothing after now can be missing yet
        }
        if (!since.isBefore(until)) {
            throw invalid("'since' must be before 'until' (" + until + ")");
        }
        return start("request", since, until, now);
    }

    /** The schedule's tick: a run over the time since the last successful one, when one is due; else null. */
    public BackfillRun startIfDue() {
        if (!settings.scheduled() || current.get() != null) {
            return null;
        }
        Instant now = clock.instant();
        Map<String, Object> last = lastRun();
        if (last != null) {
            Instant started = ((Timestamp) last.get("started_at")).toInstant();
            boolean failed = "failed".equals(last.get("status"));
            Duration wait = failed ? min(settings.every(), Duration.ofMinutes(15)) : settings.every();
            if (RUNNING.equals(last.get("status")) || started.plus(wait).isAfter(now)) {
                return null;
            }
        }
        Instant coveredUntil = lastSuccessfulUntil();
        Instant since = (coveredUntil != null ? coveredUntil : now.minus(settings.every())).minus(settings.overlap());
        try {
            return start("schedule", since, now, now);
        } catch (RequestRejectedException busy) {
            return null;        // another instance started one just now
        }
    }

    private BackfillRun start(String trigger, Instant since, Instant until, Instant now) {
        failStaleRuns(now);
        BackfillRun run = new BackfillRun("bf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20), trigger,
                since, until, now, now.minus(settings.emailMaxAge()), maxPage);
        if (!current.compareAndSet(null, run)) {
            throw busy(current.get());
        }
        try {
            state.update("INSERT INTO backfill_run (run_id, trigger_kind, status, running_slot, since_at, until_at, started_at,"
                            + " updated_at, vouchers_checked, transactions_seen, transactions_booked, transactions_parked)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0)",
                    run.id(), trigger, RUNNING, RUNNING, ts(since), ts(until), ts(now), ts(now));
        } catch (DataIntegrityViolationException another) {
            current.set(null);
            throw busy(null);
        } catch (RuntimeException e) {
            current.set(null);
            throw e;
        }
        LOG.info("Backfill run {} started ({}): transactions from {} to {}", run.id(), trigger, since, until);
        return run;
    }

    private void failStaleRuns(Instant now) {
        int stale = state.update("UPDATE backfill_run SET status = 'failed', running_slot = NULL, finished_at = ?,"
                        + " error = 'interrupted: its instance stopped while it ran (no heartbeat for " + staleAfter.toSeconds()
                        + " s); what it handed off is kept, run the window again'"
                        + " WHERE status = 'running' AND updated_at < ?",
                ts(now), ts(now.minus(staleAfter)));
        if (stale > 0) {
            LOG.warn("{} backfill run(s) marked failed: interrupted (their instance stopped while they ran)", stale);
        }
    }

    // --- the backfill route's steps, on the run it carries (exchange property backfillRun)

    public VoucherPages voucherPages(@ExchangeProperty(RouteNames.BACKFILL_RUN) BackfillRun run) {
        return run.voucherPages();
    }

    /** The next page of the voucher list, as the HTTP step sends it. */
    public void voucherListRequest(@ExchangeProperty(RouteNames.VOUCHER_PAGES) VoucherPages pages, Message message) {
        message.setHeader(Exchange.HTTP_PATH, "/v1/vouchers");
        message.setHeader(Exchange.HTTP_QUERY, pages.query());
    }

    /** The next page of a card's transactions, as the HTTP step sends it. */
    public void transactionListRequest(@ExchangeProperty(RouteNames.TRANSACTION_PAGES) TransactionPages pages, Message message) {
        message.setHeader(Exchange.HTTP_PATH, pages.path());
        message.setHeader(Exchange.HTTP_QUERY, pages.query());
    }

    /** A page of the voucher list: its gift cards not examined yet in this run. */
    public List<JsonNode> giftCards(@ExchangeProperty(RouteNames.VOUCHER_PAGES) VoucherPages pages, @Body JsonNode answer) {
        return pages.giftCards(answer);
    }

    public TransactionPages transactionPages(@ExchangeProperty(RouteNames.BACKFILL_RUN) BackfillRun run, @Body JsonNode voucher) {
        return run.transactionPages(voucher);
    }

    /** A page of a card's transactions: those created inside the window, each with its card. */
    public List<FoundTransaction> inWindow(@ExchangeProperty(RouteNames.BACKFILL_RUN) BackfillRun run,
                                           @ExchangeProperty(RouteNames.TRANSACTION_PAGES) TransactionPages pages,
                                           @ExchangeProperty(RouteNames.VOUCHER) JsonNode voucher, @Body JsonNode answer) {
        return pages.inWindow(answer).stream().map(transaction -> run.found(voucher, transaction)).toList();
    }

    /** What the intake answered for a transaction handed off: accepted (booked), parked, or a duplicate. */
    public void handedOff(@ExchangeProperty(RouteNames.BACKFILL_RUN) BackfillRun run,
                          @ExchangeProperty(RouteNames.TRANSACTION_ID) String transactionId, @Body String answer) {
        run.handedOff(transactionId, answer);
    }

    // --- while it runs, and its end

    /** Stores the counts so far (they are the run's heartbeat). */
    public void progress(@ExchangeProperty(RouteNames.BACKFILL_RUN) BackfillRun run) {
        store(run, RUNNING, null);
    }

    public void done(Exchange exchange) {
        BackfillRun run = exchange.getProperty(RouteNames.BACKFILL_RUN, BackfillRun.class);
        store(run, "done", null);
        current.compareAndSet(run, null);
        lastSuccess.set(clock.instant().getEpochSecond());
        driftCards.set(run.drift().size());
        metrics.counter("gift_backfill_runs", "status", "done").increment();
        metrics.counter("gift_backfill_transactions_booked").increment(run.transactionsBooked());
        LOG.info("Backfill run {} done: {} cards checked, {} transactions seen, {} booked, {} parked, {} cards with drift",
                run.id(), run.vouchersChecked(), run.transactionsSeen(), run.transactionsBooked(), run.transactionsParked(),
                run.drift().size());
        if (run.transactionsBooked() > 0) {
            LOG.warn("Backfill run {} booked {} gift transactions that no webhook had brought. Voucherify may have stopped"
                            + " sending them: check that the webhook is on (Voucherify dashboard: Project settings > Webhooks >"
                            + " the webhook > Is active; a distribution: Distribution Manager > set it live again) - docs/operating.md,"
                            + " \"After an outage longer than a day\"",
                    run.id(), run.transactionsBooked());
        }
    }

    public void failed(Exchange exchange) {
        BackfillRun run = exchange.getProperty(RouteNames.BACKFILL_RUN, BackfillRun.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = VoucherifyApi.describe(cause);
        store(run, "failed", reason);
        current.compareAndSet(run, null);
        metrics.counter("gift_backfill_runs", "status", "failed").increment();
        LOG.error("Backfill run {} failed: {}", run.id(), reason);
    }

    private void store(BackfillRun run, String status, String error) {
        String drift;
        try {
            drift = json.writeValueAsString(run.drift().stream().map(BackfillRun.Drift::asJson).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Instant now = clock.instant();
        state.update("UPDATE backfill_run SET status = ?, running_slot = ?, updated_at = ?, finished_at = ?, vouchers_checked = ?,"
                        + " transactions_seen = ?, transactions_booked = ?, transactions_parked = ?, drift = ?, error = ? WHERE run_id = ?",
                status, RUNNING.equals(status) ? RUNNING : null, ts(now), RUNNING.equals(status) ? null : ts(now),
                run.vouchersChecked(), run.transactionsSeen(), run.transactionsBooked(), run.transactionsParked(), drift,
                error == null ? null : truncate(error), run.id());
    }

    // --- the report

    /** GET /admin/backfill/{runId}. */
    public Map<String, Object> report(@Header("runId") String runId) {
        BackfillRun live = current.get();
        List<Map<String, Object>> rows = state.queryForList("SELECT * FROM backfill_run WHERE run_id = ?", runId);
        if (rows.isEmpty()) {
            throw new RequestRejectedException(404, "unknown_run", "No backfill run " + runId);
        }
        Map<String, Object> row = rows.get(0);
        boolean running = live != null && live.id().equals(runId);
        return JsonAnswers.fields(
                "run_id", runId,
                "status", row.get("status"),
                "trigger", row.get("trigger_kind"),
                "since", instantText(row.get("since_at")),
                "until", instantText(row.get("until_at")),
                "started_at", instantText(row.get("started_at")),
                "finished_at", instantText(row.get("finished_at")),
                "vouchers_checked", running ? live.vouchersChecked() : row.get("vouchers_checked"),
                "transactions_seen", running ? live.transactionsSeen() : row.get("transactions_seen"),
                "transactions_booked", running ? live.transactionsBooked() : row.get("transactions_booked"),
                "transactions_parked", running ? live.transactionsParked() : row.get("transactions_parked"),
                "drift", drift(row.get("drift")),
                "error", row.get("error"));
    }

    /** 202 for a run just started. */
    public Map<String, Object> started(@Body BackfillRun run) {
        return JsonAnswers.fields("run_id", run.id(), "status", RUNNING, "since", run.since().toString(),
                "until", run.until().toString());
    }

    private Object drift(Object stored) {
        if (stored == null) {
            return List.of();
        }
        try {
            return json.readValue(stored.toString(), List.class);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private Map<String, Object> lastRun() {
        List<Map<String, Object>> rows = state.queryForList(
                "SELECT status, started_at FROM backfill_run WHERE trigger_kind = 'schedule' ORDER BY started_at DESC");
        return rows.isEmpty() ? null : rows.get(0);
    }

    private Instant lastSuccessfulUntil() {
        Timestamp until = state.queryForObject("SELECT MAX(until_at) FROM backfill_run WHERE status = 'done'", Timestamp.class);
        return until == null ? null : until.toInstant();
    }

    private void requireConfigured() {
        List<String> missing = settings.missing();
        if (!missing.isEmpty()) {
            throw new RequestRejectedException(503, "backfill_off",
                    "The backfill is off: set " + String.join(" and ", missing) + " (Voucherify's API credentials)");
        }
    }

    private static RequestRejectedException busy(BackfillRun running) {
        return new RequestRejectedException(409, "backfill_running", running == null
                ? "A backfill run is running already; one at a time"
                : "Backfill run " + running.id() + " is running already; one at a time");
    }

    private static RequestRejectedException invalid(String why) {
        return new RequestRejectedException(400, "invalid_request", "Invalid backfill request: " + why);
    }

    private static Instant time(JsonNode node, String name) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(node.asText()).toInstant();
            } catch (DateTimeParseException again) {
                throw invalid("'" + name + "' is not an ISO-8601 time with a zone, such as 2026-12-05T00:00:00Z");
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static String instantText(Object value) {
        return value instanceof Timestamp t ? t.toInstant().toString() : null;
    }

    private static String truncate(String text) {
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
