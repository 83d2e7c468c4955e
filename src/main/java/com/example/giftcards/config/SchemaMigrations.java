package com.example.giftcards.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway migrations of both databases. The state database is ours and must be there: failing it fails start-up.
 * The ERP database belongs to the ERP and may be down: then we start anyway (the intake and the other legs keep
 * working, the ERP leg retries) and keep trying to migrate it in the background.
 */
public class SchemaMigrations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final Duration ERP_RETRY = Duration.ofSeconds(10);

    private final DataSource erp;
    private final DataSource state;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "erp-schema-migration");
        thread.setDaemon(true);
        return thread;
    });

    public SchemaMigrations(DataSource erp, DataSource state) {
        this.erp = erp;
        this.state = state;
    }

    void migrate() {
        flyway(state, "classpath:db/state").migrate();
        migrateErp();
    }

    private void migrateErp() {
        try {
            flyway(erp, "classpath:db/erp").migrate();
            LOG.info("ERP gift-card tables are up to date");
        } catch (RuntimeException e) {
            LOG.warn("ERP database not reachable for migration ({}); retrying every {}s", e.getMessage(), ERP_RETRY.toSeconds());
            retries.schedule(this::migrateErp, ERP_RETRY.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static Flyway flyway(DataSource dataSource, String location) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                .table("gift_integration_schema_history")
                .baselineOnMigrate(true) // the ERP database may hold other tables already
                .baselineVersion("0")
                .load();
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
