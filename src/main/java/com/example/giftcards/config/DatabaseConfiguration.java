package com.example.giftcards.config;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Two databases, on purpose: the ERP's (we write its gift-card tables) and the integration's own state
 * (idempotency keys, email-sent markers). An ERP outage must never stop the intake, so the two never share a pool.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    @Bean
    @ConfigurationProperties("gift.erp-db.hikari")
    public HikariDataSource erpDataSource(DatabaseProperties properties) {
        return build(properties.erpDb(), "erp");
    }

    @Bean
    @ConfigurationProperties("gift.state-db.hikari")
    public HikariDataSource stateDataSource(DatabaseProperties properties) {
        return build(properties.stateDb(), "state");
    }

    private static HikariDataSource build(DatabaseProperties.Connection connection, String name) {
        HikariDataSource dataSource = DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url(connection.url())
                .username(connection.user())
                .password(connection.password())
                .build();
        dataSource.setPoolName(name);
        dataSource.setExceptionOverride(new BrokenConnectionEviction());
        return dataSource;
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

    @Bean
    public SchemaMigrations schemaMigrations(@Qualifier("erpDataSource") DataSource erpDataSource,
                                             @Qualifier("stateDataSource") DataSource stateDataSource) {
        SchemaMigrations migrations = new SchemaMigrations(erpDataSource, stateDataSource);
        migrations.migrate();
        return migrations;
    }
}
