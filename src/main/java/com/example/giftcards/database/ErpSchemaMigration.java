package com.example.giftcards.database;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway migration of the ERP's gift-card tables. (The state database is migrated by Spring Boot's own Flyway
 * auto-configuration and must be there at start-up.) The ERP database belongs to the ERP and may be down: then we
 * start anyway - the intake and the email leg keep working, the ERP leg retries - and keep trying in the background.
 */
public class ErpSchemaMigration implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ErpSchemaMigration.class);
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final DataSource erp;
    private final String locations;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "erp-schema-migration");
        thread.setDaemon(true);
        return thread;
    });

    /** @param locations the migrations of the ERP's dialect: {@code classpath:db/erp}, or {@code classpath:db/erp-mariadb} */
    public ErpSchemaMigration(DataSource erp, String locations) {
        this.erp = erp;
        this.locations = locations;
    }

    void migrate() {
        try {
            Flyway.configure()
                    .dataSource(erp)
                    .locations(locations)
                    .table("gift_integration_schema_history")
                    .baselineOnMigrate(true) // the ERP database holds other tables already
                    .baselineVersion("0")
                    .load()
                    .migrate();
            LOG.info("ERP gift-card tables are up to date");
        } catch (RuntimeException e) {
            LOG.warn("ERP database not reachable for migration ({}); retrying every {}s", e.getMessage(), RETRY.toSeconds());
            retries.schedule(this::migrate, RETRY.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
