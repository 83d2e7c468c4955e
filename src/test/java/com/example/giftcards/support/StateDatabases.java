package com.example.giftcards.support;

import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Fresh, migrated state databases for tests of the state-database code: H2 always and, when the build runs against
 * PostgreSQL (ERP_DB_URL), a fresh schema there too, so that SQL that differs between the two is caught.
 */
public final class StateDatabases {

    public record StateDatabase(String name, DataSource dataSource) {
        public boolean postgres() {
            return name.equals("PostgreSQL");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private StateDatabases() {
    }

    public static Stream<StateDatabase> all() {
        Stream<StateDatabase> h2 = Stream.of(new StateDatabase("H2", migrated(new DriverManagerDataSource(
                "jdbc:h2:mem:state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""), null)));
        if (!TestErpDatabase.onPostgres()) {
            return h2;
        }
        String schema = "state_test_" + UUID.randomUUID().toString().replace("-", "");
        String url = System.getenv("ERP_DB_URL") + (System.getenv("ERP_DB_URL").contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return Stream.concat(h2, Stream.of(new StateDatabase("PostgreSQL", migrated(new DriverManagerDataSource(
                url, TestErpDatabase.user(), TestErpDatabase.password()), schema))));
    }

    private static DataSource migrated(DataSource dataSource, String schema) {
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/state")
                .table("gift_integration_schema_history");
        if (schema != null) {
            flyway.schemas(schema);
        }
        flyway.load().migrate();
        return dataSource;
    }
}
