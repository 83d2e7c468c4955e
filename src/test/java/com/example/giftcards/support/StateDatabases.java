package com.example.giftcards.support;

import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.example.giftcards.dialect.SqlDialect;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Fresh, migrated state databases for tests of the state-database code: H2 always and, when the build runs against
 * a database server (ERP_DB_URL: PostgreSQL or MariaDB), a fresh schema or database there too, so that SQL that
 * differs between them is caught. Each is migrated as the application migrates it: db/state, or db/state-mariadb.
 */
public final class StateDatabases {

    public record StateDatabase(String name, DataSource dataSource) {
        public boolean postgres() {
            return name.equals("PostgreSQL");
        }

        public boolean mariaDb() {
            return name.equals("MariaDB");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private StateDatabases() {
    }

    public static Stream<StateDatabase> all() {
        Stream<StateDatabase> h2 = Stream.of(new StateDatabase("H2", migrated(
                "jdbc:h2:mem:state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")));
        if (!TestErpDatabase.onServer()) {
            return h2;
        }
        return Stream.concat(h2, Stream.of(new StateDatabase(TestErpDatabase.name(), migrated(
                TestErpDatabase.newStateDatabaseUrl(), TestErpDatabase.user(), TestErpDatabase.password()))));
    }

    private static DataSource migrated(String url, String user, String password) {
        DataSource dataSource = new DriverManagerDataSource(url, user, password);
        Flyway.configure().dataSource(dataSource)
                .locations(SqlDialect.ofJdbcUrl(url).migrations("classpath:db/state"))
                .table("gift_integration_schema_history")
                .load().migrate();
        return dataSource;
    }
}
