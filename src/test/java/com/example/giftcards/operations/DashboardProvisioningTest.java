package com.example.giftcards.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The observability profile's files fit together, as docker compose runs them: Grafana finds the dashboard where
 * compose mounts it, the dashboard's queries name the provisioned datasource, which points at compose's Prometheus,
 * which scrapes the app's Actuator where compose runs it. Each check compares two files, so renaming a thing in one
 * of them and not in the other fails here. (That the queried metrics exist: DashboardMetricsExposedTest.)
 */
class DashboardProvisioningTest {

    private final JsonNode dashboard = DashboardQueries.dashboard(DashboardQueries.DASHBOARD);

    @Test
    void grafanaLoadsTheDashboardFromWhereComposeMountsIt() throws IOException {
        Map<String, Object> provider = single(yaml("ops/grafana/provisioning/dashboards/gift-integration.yaml"), "providers");
        String path = (String) map(provider.get("options")).get("path");

        assertThat(mounts("grafana")).as("grafana's volumes").containsEntry("./" + DashboardQueries.DASHBOARD.getParent(), path);
        assertThat(mounts("grafana")).as("grafana's volumes").containsEntry("./ops/grafana/provisioning", "/etc/grafana/provisioning");
    }

    @Test
    void everyQueryGoesThroughTheProvisionedDatasourceToComposesPrometheus() throws IOException {
        Map<String, Object> datasource = single(yaml("ops/grafana/provisioning/datasources/prometheus.yaml"), "datasources");

        List<DashboardQueries.Query> queries = DashboardQueries.queries(dashboard);
        assertThat(queries).isNotEmpty().extracting(DashboardQueries.Query::datasourceUid).containsOnly((String) datasource.get("uid"));
        for (JsonNode panel : dashboard.path("panels")) {
            if (!"row".equals(panel.path("type").asText())) {
                assertThat(panel.at("/datasource/uid").asText()).as("datasource of panel %s", panel.path("title").asText())
                        .isEqualTo(datasource.get("uid"));
            }
        }
        URI prometheus = URI.create((String) datasource.get("url"));
        assertThat(service(prometheus.getHost())).as("compose service %s", prometheus.getHost()).isNotNull();
        assertThat(containerPorts(prometheus.getHost())).contains(prometheus.getPort());
    }

    @Test
    void prometheusScrapesTheAppsActuatorWhereComposeRunsIt() throws IOException {
        Map<String, Object> scrape = single(yaml("ops/prometheus/prometheus.yml"), "scrape_configs");
        String target = single(scrape, "static_configs").get("targets").toString().replaceAll("[\\[\\]\"]", "");
        String host = target.substring(0, target.indexOf(':'));
        int port = Integer.parseInt(target.substring(target.indexOf(':') + 1));

        assertThat(mounts("prometheus")).containsEntry("./ops/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
        Map<String, Object> app = service(host);
        assertThat(app).as("compose service %s", host).isNotNull();
        assertThat(map(app.get("environment")).get("SERVER_PORT")).as("the app's port in compose").isEqualTo(String.valueOf(port));
        // where Actuator serves it; DashboardMetricsExposedTest reads the metrics from there
        assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
    }

    private static Object yaml(String file) throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            return new Yaml().load(reader);
        }
    }

    private static Map<String, Object> service(String name) throws IOException {
        return map(map(yaml("docker-compose.yml")).get("services")).containsKey(name)
                ? map(map(map(yaml("docker-compose.yml")).get("services")).get(name)) : null;
    }

    /** A compose service's bind mounts, host path to container path. */
    private static Map<String, String> mounts(String service) throws IOException {
        Map<String, String> mounts = new java.util.TreeMap<>();
        for (Object volume : (List<?>) service(service).get("volumes")) {
            String[] parts = volume.toString().split(":");
            mounts.put(parts[0], parts[1]);
        }
        return mounts;
    }

    private static List<Integer> containerPorts(String service) throws IOException {
        return ((List<?>) service(service).get("ports")).stream()
                .map(p -> Integer.parseInt(p.toString().substring(p.toString().lastIndexOf(':') + 1)))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> single(Object document, String list) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) ((Map<String, Object>) document).get(list);
        assertThat(entries).as(list).hasSize(1);
        return entries.get(0);
    }
}
