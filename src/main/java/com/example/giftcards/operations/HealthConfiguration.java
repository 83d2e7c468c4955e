package com.example.giftcards.operations;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code /actuator/health} says. The state database (and the broker, through Spring Boot's JMS indicator) are
 * needed to accept webhooks: without them the service is DOWN. The ERP database is not: while it is away the
 * intake and the email leg go on and the ERP leg retries, so the service is DEGRADED (still HTTP 200), not DOWN -
 * an orchestrator must not restart it for the ERP's outage.
 */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

    public static final Status DEGRADED = new Status("DEGRADED", "The ERP database is unreachable; its leg retries");

    @Bean
    public HealthIndicator stateDatabaseHealthIndicator(@Qualifier("stateDataSource") DataSource state) {
        return new DataSourceHealthIndicator(state, "SELECT 1");
    }

    @Bean
    public HealthIndicator erpDatabaseHealthIndicator(@Qualifier("erpDataSource") DataSource erp) {
        DataSourceHealthIndicator check = new DataSourceHealthIndicator(erp, "SELECT 1");
        return () -> {
            Health health = check.health();
            return Status.UP.equals(health.getStatus()) ? health : Health.status(DEGRADED).build();
        };
    }
}
