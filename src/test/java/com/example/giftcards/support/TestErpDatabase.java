package com.example.giftcards.support;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.h2.tools.Server;

/**
 * Where the tests' ERP database is: a real database server when {@code ERP_DB_URL} is set in the environment to a
 * PostgreSQL ({@code jdbc:postgresql:}) or MariaDB ({@code jdbc:mariadb:}) URL (CI does this, for the tests tagged
 * {@link DatabaseTest}), otherwise H2. H2 is served over TCP so that a test can cut the connection (outage tests).
 * On a server run the state-database tests get fresh schemas (PostgreSQL) or databases (MariaDB) on the same server
 * ({@link #newStateDatabaseUrl()}, {@link StateDatabases}).
 */
public final class TestErpDatabase {

    private static Server h2Server;

    private TestErpDatabase() {
    }

    private static String configured() {
        return System.getenv("ERP_DB_URL");
    }

    public static boolean onPostgres() {
        return configured() != null && configured().startsWith("jdbc:postgresql:");
    }

    /** MariaDB (or MySQL, with the same SQL). */
    public static boolean onMariaDb() {
        return configured() != null && (configured().startsWith("jdbc:mariadb:") || configured().startsWith("jdbc:mysql:"));
    }

    public static boolean onServer() {
        return onPostgres() || onMariaDb();
    }

    /** The database server's name, for test names: H2, PostgreSQL or MariaDB. */
    public static String name() {
        return onPostgres() ? "PostgreSQL" : onMariaDb() ? "MariaDB" : "H2";
    }

    /** A fresh, empty ERP database for one Spring context (on a server: the one ERP_DB_URL names, shared). */
    public static String newDatabaseUrl() {
        if (onServer()) {
            return configured();
        }
        return "jdbc:h2:tcp://127.0.0.1:" + h2Port() + "/mem:erp-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * A fresh, empty database for a state database: on a server, a new schema (PostgreSQL) or database (MariaDB)
     * there, for the tests that put the state database on the server too; otherwise an H2 in-memory database served
     * over TCP (so that an application in a JVM of its own and the test both reach it).
     */
    public static String newStateDatabaseUrl() {
        String name = "state_test_" + UUID.randomUUID().toString().replace("-", "");
        if (onMariaDb()) { // a database of its own, named after the ERP's (so that CI can drop them with it)
            URI server = address(configured());
            name = server.getPath().substring(1) + "_state_" + name.substring(name.length() - 16);
        }
        if (onPostgres()) {
            execute("CREATE SCHEMA " + name);
            return configured() + (configured().contains("?") ? "&" : "?") + "currentSchema=" + name;
        }
        if (onMariaDb()) {
            execute("CREATE DATABASE " + name);
            URI server = address(configured());
            String options = configured().contains("?") ? configured().substring(configured().indexOf('?')) : "";
            return configured().substring(0, configured().indexOf("//")) + "//" + server.getHost() + ":" + server.getPort()
                    + "/" + name + options;
        }
        return "jdbc:h2:tcp://127.0.0.1:" + h2Port() + "/mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(configured(), user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static String user() {
        return onPostgres() ? System.getenv().getOrDefault("ERP_DB_USER", "postgres")
                : onMariaDb() ? System.getenv().getOrDefault("ERP_DB_USER", "root") : "sa";
    }

    public static String password() {
        return onServer() ? System.getenv().getOrDefault("ERP_DB_PASSWORD", "") : "";
    }

    /** The host and port the URL points at (written in it: CI's URLs name the port), so a proxy can stand in between. */
    public static URI address(String jdbcUrl) {
        String rest = jdbcUrl.replaceFirst("^jdbc:(postgresql|mariadb|mysql|h2:tcp):", "");
        return URI.create(rest.startsWith("//") ? "tcp:" + rest.split("[;?]")[0] : "tcp://" + rest);
    }

    public static String throughProxy(String jdbcUrl, int proxyPort) {
        URI target = address(jdbcUrl);
        return jdbcUrl.replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + proxyPort);
    }

    static synchronized int h2Port() {
        if (h2Server == null) {
            try {
                h2Server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return h2Server.getPort();
    }
}
