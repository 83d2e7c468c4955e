package com.example.giftcards.database;

import javax.sql.DataSource;

import com.example.giftcards.camel.LocalTransactionPolicy;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Two databases, on purpose: the integration's own state (idempotency keys, email send markers, the journal) and the ERP's (we
 * write its gift-card tables). An ERP outage must never stop the intake, so the two never share a pool.
 * <p>
 * Spring Boot's pattern for a second DataSource: the state database is the primary one, so Boot's Flyway
 * auto-configuration migrates it ({@code spring.flyway.*}); the ERP database is configured the same way under
 * {@code gift.erp-db} and migrated by {@link ErpSchemaMigration}, which tolerates the ERP being down.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    @Bean
    @Primary
    @ConfigurationProperties("gift.state-db")
    public DataSourceProperties stateDataSourceProperties() {
        return new DataSourceProperties();
    }

    @Bean
    @Primary
    @ConfigurationProperties("gift.state-db.hikari")
    public HikariDataSource stateDataSource(@Qualifier("stateDataSourceProperties") DataSourceProperties properties) {
        return pool(properties, "state");
    }

    @Bean
    @ConfigurationProperties("gift.erp-db")
    public DataSourceProperties erpDataSourceProperties() {
        return new DataSourceProperties();
    }

    @Bean(defaultCandidate = false)
    @ConfigurationProperties("gift.erp-db.hikari")
    public HikariDataSource erpDataSource(@Qualifier("erpDataSourceProperties") DataSourceProperties properties) {
        return pool(properties, "erp");
    }

    private static HikariDataSource pool(DataSourceProperties properties, String name) {
        HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName(name);
        pool.setExceptionOverride(new BrokenConnectionEviction());
        return pool;
    }

    @Bean
    public DataSourceTransactionManager erpTransactionManager(@Qualifier("erpDataSource") DataSource erpDataSource) {
        return new DataSourceTransactionManager(erpDataSource);
    }

    /** The ERP leg writes the ledger row and the balance in one database transaction. */
    @Bean
    public LocalTransactionPolicy erpTransaction(
            @Qualifier("erpTransactionManager") DataSourceTransactionManager erpTransactionManager) {
        return new LocalTransactionPolicy(erpTransactionManager);
    }

    @Bean
    public DataSourceTransactionManager stateTransactionManager(@Qualifier("stateDataSource") DataSource stateDataSource) {
        return new DataSourceTransactionManager(stateDataSource);
    }

    /**
     * The intake takes a delivery's idempotency key in a state-database transaction that commits only after the
     * hand-off's JMS transaction has: a process that dies in between has taken no key, so Voucherify's retry is
     * handed off (instead of being answered "duplicate" and lost).
     */
    @Bean
    public LocalTransactionPolicy idempotencyKeyTransaction(
            @Qualifier("stateTransactionManager") DataSourceTransactionManager stateTransactionManager) {
        return new LocalTransactionPolicy(stateTransactionManager);
    }

    @Bean(destroyMethod = "close")
    public ErpSchemaMigration erpSchemaMigration(@Qualifier("erpDataSource") DataSource erpDataSource) {
        ErpSchemaMigration migration = new ErpSchemaMigration(erpDataSource);
        migration.migrate();
        return migration;
    }
}
