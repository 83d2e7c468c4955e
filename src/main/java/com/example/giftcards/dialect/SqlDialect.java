package com.example.giftcards.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The SQL dialect of a database, told from its JDBC URL (known before the database answers: the ERP may be down at
 * start-up). H2 and PostgreSQL share the portable SQL; MariaDB and MySQL get their own where it differs: a dialect
 * file {@code <name>.mariadb.sql} beside {@code <name>.sql}, Flyway migrations of their own, session settings.
 */
public enum SqlDialect {

    H2(null),
    POSTGRESQL(null),
    /** MariaDB 10.11+, and MySQL 8 ({@code jdbc:mysql:}) where it accepts the same SQL. */
    MARIADB("mariadb"),
    /** Any other database: the portable SQL, untested. */
    OTHER(null);

    private final String fileSuffix;

    SqlDialect(String fileSuffix) {
        this.fileSuffix = fileSuffix;
    }

    public static SqlDialect ofJdbcUrl(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        return OTHER;
    }

    /** The dialect of a database that must be up (the state database): from its connection's URL. */
    public static SqlDialect of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return ofJdbcUrl(connection.getMetaData().getURL());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell the SQL dialect of the database: " + e.getMessage(), e);
        }
    }

    /** The name of this dialect's own version of an SQL file ({@code x.sql} to {@code x.mariadb.sql}), if it has one. */
    public Optional<String> overrideOf(String sqlFile) {
        return fileSuffix == null ? Optional.empty() : Optional.of(overrideName(sqlFile, fileSuffix));
    }

    /** Every dialect override an SQL file may have, for checks that do not know the database. */
    public static List<String> allOverridesOf(String sqlFile) {
        return Arrays.stream(values()).map(d -> d.overrideOf(sqlFile)).flatMap(Optional::stream).distinct().toList();
    }

    private static String overrideName(String sqlFile, String suffix) {
        return sqlFile.endsWith(".sql") ? sqlFile.substring(0, sqlFile.length() - 4) + "." + suffix + ".sql"
                : sqlFile + "." + suffix;
    }

    /** The Flyway location of a schema's migrations: {@code db/erp} for H2 and PostgreSQL, {@code db/erp-mariadb} here. */
    public String migrations(String base) {
        return fileSuffix == null ? base : base + "-" + fileSuffix;
    }

    /**
     * The statement each new connection of the state database runs so that a statement waiting for a row lock gives
     * up after this many seconds: a repeat of a delivery still being handed off is then answered 409 in_progress.
     */
    public String lockTimeoutSql(int seconds) {
        return switch (this) {
            case MARIADB -> "SET SESSION innodb_lock_wait_timeout = " + seconds;
            case H2, POSTGRESQL -> "SET lock_timeout = " + seconds * 1000;
            case OTHER -> null;
        };
    }

    /**
     * The statement each new ERP connection runs: on MariaDB the ERP's times are DATETIME (it has no TIMESTAMP WITH
     * TIME ZONE) and hold UTC, so the session's time zone is UTC too (NOW(), CURRENT_TIMESTAMP, conversions).
     */
    public String erpSessionSql() {
        return this == MARIADB ? "SET time_zone = '+00:00'" : null;
    }
}
