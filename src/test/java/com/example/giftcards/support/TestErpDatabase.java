package com.example.giftcards.support;

import java.net.URI;
import java.sql.SQLException;
import java.util.UUID;

import org.h2.tools.Server;

/**
 * Where the tests' ERP database is: real PostgreSQL when {@code ERP_DB_URL} is set in the environment (CI does
 * this), otherwise H2. H2 is served over TCP so that a test can cut the connection (outage tests).
 */
public final class TestErpDatabase {

    private static Server h2Server;

    private TestErpDatabase() {
    }

    public static boolean onPostgres() {
        return System.getenv("ERP_DB_URL") != null && System.getenv("ERP_DB_URL").startsWith("jdbc:postgresql:");
    }

    /** A fresh, empty ERP database for one Spring context. */
    public static String newDatabaseUrl() {
        if (onPostgres()) {
            return System.getenv("ERP_DB_URL");
        }
        return "jdbc:h2:tcp://127.0.0.1:" + h2Port() + "/mem:erp-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    public static String user() {
        return onPostgres() ? System.getenv().getOrDefault("ERP_DB_USER", "postgres") : "sa";
    }

    public static String password() {
        return onPostgres() ? System.getenv().getOrDefault("ERP_DB_PASSWORD", "") : "";
    }

    /** The host and port the URL points at, so a proxy can stand in between. */
    public static URI address(String jdbcUrl) {
        String rest = jdbcUrl.replaceFirst("^jdbc:(postgresql|h2:tcp):", "");
        return URI.create(rest.startsWith("//") ? "tcp:" + rest.split(";")[0] : "tcp://" + rest);
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
