package com.example.giftcards.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.example.giftcards.operations.DashboardQueries.Query;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The operators' dashboard and its provisioning, as files: it queries only the integration's agreed metrics, through
 * the provisioned datasource, and Prometheus scrapes what the application exposes. DashboardMetricsExposedTest checks
 * the metrics against the running application.
 */
class DashboardTest {

    /** The metrics the integration exposes for operators (names and labels agreed with their implementation). */
    static final Set<String> AGREED_METRICS = Set.of("gift_webhooks_total", "gift_leg_outcomes_total", "gift_queue_depth",
            "gift_event_to_leg_seconds");

    private final JsonNode dashboard = DashboardQueries.dashboard(DashboardQueries.DASHBOARD);
    private final List<Query> queries = DashboardQueries.queries(dashboard);

    @Test
    void everyPanelQueriesOnlyTheAgreedMetricsAndAllOfThem() {
        Set<String> used = new TreeSet<>();
        for (Query query : queries) {
            Set<String> names = DashboardQueries.metricNames(query.expr());
            assertThat(names).as("metrics of %s / %s: %s", query.panel(), query.refId(), query.expr()).isNotEmpty();
            names.forEach(name -> used.add(DashboardQueries.base(name)));
        }
        assertThat(used).isEqualTo(AGREED_METRICS);
        for (JsonNode panel : dashboard.path("panels")) {
            if (!"row".equals(panel.path("type").asText())) {
                assertThat(panel.path("targets")).as("queries of panel %s", panel.path("title").asText()).isNotEmpty();
            }
        }
    }

    @Test
    void thePanelsOperatorsAskedFor() {
        assertThat(queries).extracting(Query::panel)
                .contains("Webhooks by status", "Leg outcomes", "Queue depths", "Event to leg latency");
        assertThat(queries).filteredOn(q -> q.panel().equals("Event to leg latency")).extracting(Query::expr)
                .anySatisfy(expr -> assertThat(expr).startsWith("histogram_quantile(0.5,").contains("gift_event_to_leg_seconds_bucket"))
                .anySatisfy(expr -> assertThat(expr).startsWith("histogram_quantile(0.95,").contains("gift_event_to_leg_seconds_bucket"))
                .anySatisfy(expr -> assertThat(expr).startsWith("histogram_quantile(0.99,").contains("gift_event_to_leg_seconds_bucket"));
        assertThat(queries).filteredOn(q -> q.panel().equals("Webhooks by status")).extracting(Query::expr)
                .singleElement().satisfies(expr -> assertThat(DashboardQueries.labelNames(expr)).containsExactly("status"));
        assertThat(queries).filteredOn(q -> q.panel().equals("Leg outcomes")).extracting(Query::expr)
                .singleElement().satisfies(expr -> assertThat(DashboardQueries.labelNames(expr)).containsExactly("leg", "outcome"));
    }

    @Test
    void everyQueryGoesThroughTheProvisionedDatasource() throws IOException {
        Map<String, Object> datasource = single(yaml(Path.of("ops", "grafana", "provisioning", "datasources", "prometheus.yaml")), "datasources");

        assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        assertThat(queries).isNotEmpty().extracting(Query::datasourceUid).containsOnly((String) datasource.get("uid"));
        for (JsonNode panel : dashboard.path("panels")) {
            if (!"row".equals(panel.path("type").asText())) {
                assertThat(panel.at("/datasource/uid").asText()).as("datasource of panel %s", panel.path("title").asText())
                        .isEqualTo(datasource.get("uid"));
            }
        }
    }

    @Test
    void grafanaLoadsTheDashboardFolderAndPrometheusScrapesTheActuator() throws IOException {
        Map<String, Object> provider = single(yaml(Path.of("ops", "grafana", "provisioning", "dashboards", "gift-integration.yaml")), "providers");
        @SuppressWarnings("unchecked")
        Map<String, Object> options = (Map<String, Object>) provider.get("options");
        assertThat(options).containsEntry("path", "/etc/grafana/dashboards");

        Map<String, Object> scrape = single(yaml(Path.of("ops", "prometheus", "prometheus.yml")), "scrape_configs");
        assertThat(scrape).containsEntry("metrics_path", "/actuator/prometheus");
        assertThat(scrape.get("static_configs").toString()).contains("app:8080");
        assertThat(dashboard.path("uid").asText()).isEqualTo("gift-integration");
    }

    @Test
    void metricNamesAreTakenFromPromQl() {
        assertThat(DashboardQueries.metricNames(
                "histogram_quantile(0.99, sum by (leg, le) (rate(a_seconds_bucket{leg=~\"erp|x{y}\"}[$__rate_interval])))"))
                .containsExactly("a_seconds_bucket");
        assertThat(DashboardQueries.metricNames("sum(rate(b_total[5m] offset 1h)) / on(job) group_left(instance) c > bool 1e3"))
                .containsExactly("b_total", "c");
        assertThat(DashboardQueries.metricNames("sum without (queue) (d) or label_replace(e, \"dst\", \"$1\", \"src\", \"(.*)\")"))
                .containsExactly("d", "e");
        assertThat(DashboardQueries.labelNames("sum by (leg) (f{outcome=\"sent\", queue!~\"DLQ.*\"})"))
                .containsExactly("leg", "outcome", "queue");
        assertThat(DashboardQueries.base("a_seconds_bucket")).isEqualTo("a_seconds");
        assertThat(DashboardQueries.base("b_total")).isEqualTo("b_total");
    }

    private static Object yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> single(Object document, String list) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) ((Map<String, Object>) document).get(list);
        assertThat(entries).as(list).hasSize(1);
        return entries.get(0);
    }
}
