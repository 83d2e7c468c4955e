package com.example.giftcards.database;

import java.time.Duration;

import javax.sql.DataSource;

import com.example.giftcards.camel.LocalTransactionPolicy;
import com.example.giftcards.dialect.DialectSqlFiles;
import com.example.giftcards.dialect.SqlDialect;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Two databases, on purpose: the integration's own state (idempotency keys, email send markers, the journal) and the ERP's (we
 * write its gift-card tables). An ERP outage must never stop the intake, so the two never share a pool. On the
 * embedded defaults the idempotency keys have an H2 file of their own ({@link IdempotencyKeyDatabase}).
 * <p>
 * Spring Boot's pattern for a second DataSource: the state database is the primary one, so Boot's Flyway
 * auto-configuration migrates it ({@code spring.flyway.*}); the ERP database is configured the same way under
 * {@code gift.erp-db} and migrated by {@link ErpSchemaMigration}, which tolerates the ERP being down.
 * <p>
 * Each database may be H2, PostgreSQL or MariaDB (or MySQL, untested); what differs between them is chosen from its
 * JDBC URL ({@link SqlDialect}): migrations, session settings, and the ERP's SQL files ({@link DialectSqlFiles}).
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    @Bean
    @Primary
    @ConfigurationProperties("gift.state-db")
    public DataSourceProperties stateDataSourceProperties() {
        return new DataSourceProperties();
    }

    /**
     * The session statement of the lock timeout is the dialect's ({@link SqlDialect#lockTimeoutSql}); a
     * {@code gift.state-db.hikari.connection-init-sql} of one's own replaces it.
     */
    @Bean
    @Primary
    @ConfigurationProperties("gift.state-db.hikari")
    public HikariDataSource stateDataSource(@Qualifier("stateDataSourceProperties") DataSourceProperties properties,
            @Value("${gift.state-db.lock-timeout}") Duration lockTimeout) {
        HikariDataSource pool = pool(properties, "state");
        pool.setConnectionInitSql(SqlDialect.ofJdbcUrl(properties.determineUrl()).lockTimeoutSql((int) lockTimeout.toSeconds()));
        return pool;
    }

    /**
     * The state database's migrations: {@code db/state} on H2 and PostgreSQL, {@code db/state-mariadb} on MariaDB
     * and MySQL (the same versions, in their SQL). spring.flyway.locations names the first; this picks by database.
     */
    @Bean
    public FlywayConfigurationCustomizer stateMigrationsOfItsDialect(
            @Qualifier("stateDataSourceProperties") DataSourceProperties properties) {
        String locations = SqlDialect.ofJdbcUrl(properties.determineUrl()).migrations("classpath:db/state");
        return configuration -> configuration.locations(locations);
    }

    @Bean
    @ConfigurationProperties("gift.erp-db")
    public DataSourceProperties erpDataSourceProperties() {
        return new DataSourceProperties();
    }

    @Bean(defaultCandidate = false)
    @ConfigurationProperties("gift.erp-db.hikari")
    public HikariDataSource erpDataSource(@Qualifier("erpDataSourceProperties") DataSourceProperties properties) {
        HikariDataSource pool = pool(properties, "erp");
        pool.setConnectionInitSql(SqlDialect.ofJdbcUrl(properties.determineUrl()).erpSessionSql());
        return pool;
    }

    /** The ERP's dialect, told from its URL once at start (the ERP may be down then). */
    @Bean
    public SqlDialect erpSqlDialect(@Qualifier("erpDataSourceProperties") DataSourceProperties properties) {
        return SqlDialect.ofJdbcUrl(properties.determineUrl());
    }

    /**
     * {@code {{erp-sql:record-transaction.sql}}} in the routes: the ERP dialect's own version of the SQL file if there
     * is one ({@code record-transaction.mariadb.sql}), else the file itself.
     */
    @Bean
    public DialectSqlFiles erpSqlFiles(@Value("${routes.location}") String routesLocation,
            @Qualifier("erpSqlDialect") SqlDialect erpSqlDialect) {
        return new DialectSqlFiles(DialectSqlFiles.ERP_SQL, routesLocation, erpSqlDialect);
    }

    @Bean
    public CamelContextConfiguration erpSqlFilesInCamel(@Qualifier("erpSqlFiles") DialectSqlFiles erpSqlFiles) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                camel.getPropertiesComponent().addPropertiesFunction(erpSqlFiles); // before the routes are read
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing
            }
        };
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

    @Bean
    @ConfigurationProperties("gift.keys-db")
    public DataSourceProperties keysDataSourceProperties() {
        return new DataSourceProperties();
    }

    /**
     * The idempotency keys' own pool, used only when they have a database of their own (see
     * {@link IdempotencyKeyDatabase}); otherwise never started (a Hikari pool opens on its first connection).
     */
    @Bean(defaultCandidate = false)
    @ConfigurationProperties("gift.keys-db.hikari")
    public HikariDataSource keysDataSource(@Qualifier("keysDataSourceProperties") DataSourceProperties properties,
            @Value("${gift.state-db.lock-timeout}") Duration lockTimeout) {
        HikariDataSource pool = pool(properties, "keys");
        pool.setConnectionInitSql(SqlDialect.ofJdbcUrl(properties.determineUrl()).lockTimeoutSql((int) lockTimeout.toSeconds()));
        return pool;
    }

    /**
     * The idempotency keys' transactions: on the state database, or on the keys' own database, migrated here. After
     * the state database's migration, whose keys a database of their own takes over the first time.
     */
    @Bean(defaultCandidate = false)
    @DependsOn("flywayInitializer")
    public DataSourceTransactionManager keysTransactionManager(
            @Qualifier("keysDataSourceProperties") DataSourceProperties keys,
            @Qualifier("stateDataSourceProperties") DataSourceProperties state,
            @Qualifier("keysDataSource") DataSource keysDataSource, @Qualifier("stateDataSource") DataSource stateDataSource) {
        return IdempotencyKeyDatabase.isTheStateDatabase(keys, state) ? new DataSourceTransactionManager(stateDataSource)
                : IdempotencyKeyDatabase.ofTheirOwn(keysDataSource, stateDataSource);
    }

    /**
     * The intake takes a delivery's idempotency key in a transaction of the keys' database that commits only after
     * the hand-off's JMS transaction has: a process that dies in between has taken no key, so Voucherify's retry is
     * handed off (instead of being answered "duplicate" and lost).
     */
    @Bean
    public LocalTransactionPolicy idempotencyKeyTransaction(
            @Qualifier("keysTransactionManager") DataSourceTransactionManager keysTransactionManager) {
        return new LocalTransactionPolicy(keysTransactionManager);
    }

    @Bean(destroyMethod = "close")
    public ErpSchemaMigration erpSchemaMigration(@Qualifier("erpDataSource") DataSource erpDataSource,
            @Qualifier("erpSqlDialect") SqlDialect erpSqlDialect) {
        ErpSchemaMigration migration = new ErpSchemaMigration(erpDataSource, erpSqlDialect.migrations("classpath:db/erp"));
        migration.migrate();
        return migration;
    }
}
