package com.example.giftcards.dialect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.spi.PropertiesFunction;

/**
 * A Camel properties function naming the SQL file a route runs on the connected database:
 * {@code sql:{{erp-sql:record-transaction.sql}}} is {@code <routes>/sql/record-transaction.mariadb.sql} when the ERP
 * database is MariaDB/MySQL and that file exists, else {@code <routes>/sql/record-transaction.sql} (H2, PostgreSQL
 * and any statement the dialects agree on). Resolved when the route is created, so a live edit that adds or removes
 * a dialect file takes effect with the reload of the route that uses it.
 */
public final class DialectSqlFiles implements PropertiesFunction {

    /** The function the routes use for the ERP database's statements. */
    public static final String ERP_SQL = "erp-sql";
    private static final String FILE = "file:";
    private static final String CLASSPATH = "classpath:";

    /** One file a reference may run: its location as Camel reads it, and whether it must exist. */
    public record Candidate(String location, boolean required) {
        /** The file on disk, for a location in the routes folder on disk; null for one in the jar. */
        public Path path() {
            return location.startsWith(FILE) ? Path.of(location.substring(FILE.length())).toAbsolutePath().normalize() : null;
        }
    }

    private final String name;
    private final String routesLocation;
    private final SqlDialect dialect;

    /**
     * @param routesLocation the routes folder as a Camel resource prefix ({@code routes.location}: {@code file:/…}
     *                       or {@code classpath:routes})
     */
    public DialectSqlFiles(String name, String routesLocation, SqlDialect dialect) {
        this.name = name;
        this.routesLocation = routesLocation;
        this.dialect = dialect;
    }

    @Override
    public String getName() {
        return name;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** {@code record-transaction.sql} to the location of the file to run. */
    @Override
    public String apply(String sqlFile) {
        List<Candidate> candidates = candidates(sqlFile);
        return candidates.stream().filter(c -> c.required() || exists(c.location())).findFirst()
                .orElse(candidates.get(candidates.size() - 1)).location();
    }

    /** The dialect's own file first (used if it exists), then the default one (which must exist). */
    public List<Candidate> candidates(String sqlFile) {
        String file = sqlFile.strip();
        List<Candidate> candidates = new ArrayList<>(2);
        dialect.overrideOf(file).ifPresent(override -> candidates.add(new Candidate(location(override), false)));
        candidates.add(new Candidate(location(file), true));
        return candidates;
    }

    private String location(String sqlFile) {
        return routesLocation + "/sql/" + sqlFile;
    }

    private static boolean exists(String location) {
        if (location.startsWith(FILE)) {
            return Files.isRegularFile(Path.of(location.substring(FILE.length())));
        }
        if (location.startsWith(CLASSPATH)) {
            return DialectSqlFiles.class.getClassLoader().getResource(location.substring(CLASSPATH.length())) != null;
        }
        return false;
    }
}
