package com.example.giftcards.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.giftcards.operations.DashboardQueries.Query;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Every metric the operators' dashboard queries is exposed by the running application on /actuator/prometheus,
 * with the labels the dashboard groups and filters by - once events went through both legs, so that counters
 * and histograms have series.
 */
class DashboardMetricsExposedTest extends IntegrationTest {

    private static final Duration SOON = Duration.ofSeconds(30);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:\\\\.|[^\"\\\\])*\"");

    @Test
    void everyMetricTheDashboardQueriesIsExposed() {
        JsonNode dashboard = DashboardQueries.dashboard(DashboardQueries.DASHBOARD);
        List<Query> queries = DashboardQueries.queries(dashboard);
        assertThat(queries).isNotEmpty();
        // so that nothing below passes for want of a name to look for
        assertThat(queries).allSatisfy(query -> assertThat(DashboardQueries.metricNames(query.expr()))
                .as("metrics of %s / %s: %s", query.panel(), query.refId(), query.expr()).isNotEmpty());
        for (JsonNode panel : dashboard.path("panels")) {
            if (!"row".equals(panel.path("type").asText())) {
                assertThat(panel.path("targets")).as("queries of panel %s", panel.path("title").asText()).isNotEmpty();
            }
        }
        String id = Fixtures.unique();
        byte[] event = Fixtures.compact(Fixtures.distribution(id));

        assertThat(webhooks.post(event).statusCode()).isEqualTo(202);
        assertThat(webhooks.post(event).statusCode()).as("a repeat").isEqualTo(200);
        await().atMost(SOON).until(() -> ledger("vtx_" + id).size() == 1 && MAIL.to(Fixtures.emailOf(id)).size() == 1);

        // A leg may count its outcome a moment after its effect is visible.
        await().atMost(SOON).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Set<String>> exposed = scrape();
            Set<String> missing = new TreeSet<>();
            Map<String, Set<String>> missingLabels = new TreeMap<>();
            for (Query query : queries) {
                for (String name : DashboardQueries.metricNames(query.expr())) {
                    if (!exposed.containsKey(name)) {
                        missing.add(DashboardQueries.base(name));
                        continue;
                    }
                    for (String label : DashboardQueries.labelNames(query.expr())) {
                        if (!exposed.get(name).contains(label)) {
                            missingLabels.computeIfAbsent(name, n -> new TreeSet<>()).add(label);
                        }
                    }
                }
            }
            assertThat(missing).as("metrics the dashboard queries that /actuator/prometheus does not expose").isEmpty();
            assertThat(missingLabels).as("labels the dashboard uses that the exposed metrics lack").isEmpty();
        });
    }

    /** The sample names on /actuator/prometheus, each with the label names its samples carry. */
    private Map<String, Set<String>> scrape() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Accept", "text/plain;version=0.0.4").timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Set<String>> samples = new HashMap<>();
        for (String line : response.body().split("\\R")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Set<String> labels = samples.computeIfAbsent(sample.group(1), n -> new TreeSet<>());
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        assertThat(samples).as("a Prometheus scrape with the JVM's own metrics").containsKey("jvm_threads_live_threads");
        return samples;
    }
}
