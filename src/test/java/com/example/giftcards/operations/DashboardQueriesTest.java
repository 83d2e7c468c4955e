package com.example.giftcards.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The PromQL reading DashboardMetricsExposedTest relies on: a name it missed would never be looked for on
 * /actuator/prometheus, so that test would pass without checking it.
 */
class DashboardQueriesTest {

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
}
