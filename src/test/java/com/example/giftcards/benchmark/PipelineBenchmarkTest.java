package com.example.giftcards.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import java.util.function.IntFunction;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Speed and memory of the pipeline, reported as ratios against baselines measured in the same run on the same
 * machine (shared, noisy machines make absolute numbers meaningless). Asserts correctness only, never timings.
 * Run: ./mvnw verify -Pbenchmark  (report in target/benchmark.md)
 */
@Tag("benchmark")
class PipelineBenchmarkTest extends IntegrationTest {

    private static final int WARM_UP = 300;
    private static final int REQUESTS = 2000;
    private static final int EVENTS = 1000;
    private static final int THREADS = 4;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void measure() throws Exception {
        StringBuilder report = new StringBuilder("# Pipeline benchmark\n\n");
        report.append(String.format(Locale.ROOT, "%d cores, max heap %d MiB, %d threads sending%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, THREADS));

        // Warm-up of every path measured below.
        timed(WARM_UP, i -> health());
        timed(WARM_UP, i -> unsigned());
        timed(WARM_UP, i -> accepted(Fixtures.unique()));

        Stats baseline = timed(REQUESTS, i -> health());
        Stats rejected = timed(REQUESTS, i -> unsigned());
        long heapBefore = usedHeapAfterGc();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            ids.add(Fixtures.unique());
        }
        long start = System.nanoTime();
        Stats intake = timed(EVENTS, i -> accepted(ids.get(i)));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(() -> allThrough(ids));
        double endToEndSeconds = (System.nanoTime() - start) / 1e9;
        long heapAfter = usedHeapAfterGc();

        report.append("| path | mean latency | p99 latency | throughput | vs baseline (latency) |\n|---|---|---|---|---|\n");
        row(report, "baseline: GET /actuator/health", baseline, baseline);
        row(report, "webhook refused (401, HMAC checked)", rejected, baseline);
        row(report, "webhook accepted (202, JMS transaction)", intake, baseline);
        double endToEnd = EVENTS / endToEndSeconds;
        report.append(String.format(Locale.ROOT, "%nEnd to end (202 until ledger row and email for all %d events): %.0f events/s, "
                + "%.2f x the intake's accepted throughput, %.3f x the baseline's request throughput.%n",
                EVENTS, endToEnd, endToEnd / intake.throughput(), endToEnd / baseline.throughput()));
        report.append(String.format(Locale.ROOT, "Heap retained after %d events (after GC): %+d KiB, %.2f x the heap before "
                + "(%d KiB), %.0f bytes per event.%n", EVENTS, (heapAfter - heapBefore) >> 10, (double) heapAfter / heapBefore,
                heapBefore >> 10, (double) (heapAfter - heapBefore) / EVENTS));

        System.out.println(report);
        Files.writeString(Path.of("target", "benchmark.md"), report);
        assertThat(intake.failures()).isZero();
    }

    private boolean allThrough(List<String> ids) {
        Integer rows = erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id IN ("
                + String.join(",", ids.stream().map(id -> "'vtx_" + id + "'").toList()) + ")", Integer.class);
        var mails = MAIL.countsByRecipient();
        return rows == ids.size() && ids.stream().allMatch(id -> mails.containsKey(Fixtures.emailOf(id)));
    }

    private int health() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private int unsigned() {
        byte[] body = Fixtures.compact(Fixtures.distribution("refused"));
        return webhooks.send(body, "0".repeat(64), "application/json", "POST").statusCode();
    }

    private int accepted(String id) {
        return webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode();
    }

    interface Call {
        int call(int index) throws Exception;
    }

    record Stats(double meanMillis, double p99Millis, double throughput, long failures) {
    }

    private Stats timed(int count, Call call) throws Exception {
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
            int status = result.get();
            failures += status >= 500 ? 1 : 0;
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

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200); // let the collector settle; this is a measurement, not a wait for an outcome
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
