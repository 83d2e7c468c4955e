package com.example.giftcards.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.example.giftcards.support.AppProcess;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.TestErpDatabase;
import com.example.giftcards.support.TestMail;
import com.example.giftcards.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Speed and memory of the pipeline, reported as ratios against a baseline measured in the same run on the same
 * machine (shared, noisy machines make absolute numbers meaningless). The application runs in its own JVM, so its
 * heap is its own; the broker, SMTP server and ERP database run in this one. Asserts correctness only, never timings.
 * Run: ./mvnw verify -Pbenchmark  (report in target/benchmark.md)
 */
@Tag("benchmark")
class PipelineBenchmarkTest {

    private static final String SECRET = "benchmark-secret";
    private static final int WARM_UP = 300;
    private static final int REQUESTS = 2000;
    private static final int EVENTS = 1000;
    private static final int THREADS = 4;
    private static final TestMail MAIL = TestMail.shared();

    private AppProcess app;
    private Webhooks webhooks;
    private JdbcTemplate erp;

    @AfterEach
    void stop() {
        if (app != null) {
            app.destroy();
        }
    }

    @Test
    void measure() throws Exception {
        Path work = Files.createTempDirectory("benchmark");
        String erpUrl = TestErpDatabase.newDatabaseUrl();
        int port = AppProcess.freePort();
        app = AppProcess.start(AppProcess.wiredToTestServices(port, work, erpUrl, SECRET), work.resolve("app.log"));
        webhooks = new Webhooks(port, SECRET);
        erp = new JdbcTemplate(new DriverManagerDataSource(erpUrl, TestErpDatabase.user(), TestErpDatabase.password()));

        StringBuilder report = new StringBuilder("# Pipeline benchmark\n\n");
        report.append(String.format(Locale.ROOT, "%d cores; the application in its own JVM (-Xmx512m); %d threads sending.%n%n",
                Runtime.getRuntime().availableProcessors(), THREADS));

        // Warm-up of every path measured below.
        timed(WARM_UP, i -> wrongMethod());
        timed(WARM_UP, i -> forged());
        List<String> warmUp = freshIds(WARM_UP);
        timed(WARM_UP, i -> accepted(warmUp.get(i)));
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> allThrough(warmUp));

        Stats baseline = timed(REQUESTS, i -> wrongMethod());
        Stats refused = timed(REQUESTS, i -> forged());
        long heapBefore = app.heapUsedAfterGc();
        List<String> ids = freshIds(EVENTS);
        long start = System.nanoTime();
        Stats intake = timed(EVENTS, i -> accepted(ids.get(i)));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(() -> allThrough(ids));
        double endToEndSeconds = (System.nanoTime() - start) / 1e9;
        long heapAfter = app.heapUsedAfterGc();
        // A second round of the same size: what it adds to the heap is what each event leaves behind for good.
        List<String> moreIds = freshIds(EVENTS);
        timed(EVENTS, i -> accepted(moreIds.get(i)));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(() -> allThrough(moreIds));
        long heapAfterSecond = app.heapUsedAfterGc();

        report.append("| path | mean latency | p99 latency | throughput | mean latency vs baseline |\n|---|---|---|---|---|\n");
        row(report, "baseline: GET /webhooks/voucherify (405, same HTTP and Camel route, nothing else)", baseline, baseline);
        row(report, "webhook refused (401: body read, HMAC checked)", refused, baseline);
        row(report, "webhook accepted (202: parse, dedupe, JMS transaction)", intake, baseline);
        double endToEnd = EVENTS / endToEndSeconds;
        report.append(String.format(Locale.ROOT, "%nEnd to end (until ledger row and email for all %d events): %.0f events/s, "
                + "%.2f x the accepted webhook throughput.%n", EVENTS, endToEnd, endToEnd / intake.throughput()));
        report.append(String.format(Locale.ROOT, "Application heap after GC: %d KiB before; %.2f x that after %d events; "
                + "%.2f x after %d more (that second round retained %.0f bytes per event).%n", heapBefore >> 10,
                (double) heapAfter / heapBefore, EVENTS, (double) heapAfterSecond / heapBefore, EVENTS,
                (double) (heapAfterSecond - heapAfter) / EVENTS));

        System.out.println(report);
        Files.writeString(Path.of("target", "benchmark.md"), report);
        assertThat(intake.failures()).isZero();
        assertThat(baseline.failures()).isZero();
    }

    private static List<String> freshIds(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(Fixtures.unique());
        }
        return ids;
    }

    private boolean allThrough(List<String> ids) {
        Integer rows = erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id IN ("
                + String.join(",", ids.stream().map(id -> "'vtx_" + id + "'").toList()) + ")", Integer.class);
        var mails = MAIL.countsByRecipient();
        return rows == ids.size() && ids.stream().allMatch(id -> mails.containsKey(Fixtures.emailOf(id)));
    }

    private int wrongMethod() {
        HttpResponse<String> response = webhooks.send(null, null, null, "GET");
        return response.statusCode() == 405 ? 200 : 500;
    }

    private int forged() {
        byte[] body = Fixtures.compact(Fixtures.distribution("refused"));
        return webhooks.send(body, "0".repeat(64), "application/json", "POST").statusCode() == 401 ? 200 : 500;
    }

    private int accepted(String id) {
        return webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode();
    }

    interface Call {
        int call(int index) throws Exception;
    }

    record Stats(double meanMillis, double p99Millis, double throughput, long failures) {
    }

    private static Stats timed(int count, Call call) throws Exception {
        long[] latencies = new long[count];
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            results.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                int status = call.call(index);
                latencies[index] = System.nanoTime() - t0;
                return status;
            }));
        }
        long failures = 0;
        for (Future<Integer> result : results) {
            failures += result.get() >= 300 ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(latencies);
        double mean = Arrays.stream(latencies).average().orElse(0) / 1e6;
        return new Stats(mean, latencies[(int) (count * 0.99) - 1] / 1e6, count / seconds, failures);
    }

    private static void row(StringBuilder report, String name, Stats stats, Stats baseline) {
        report.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.0f req/s | %.2f x |%n",
                name, stats.meanMillis(), stats.p99Millis(), stats.throughput(), stats.meanMillis() / baseline.meanMillis()));
    }
}
