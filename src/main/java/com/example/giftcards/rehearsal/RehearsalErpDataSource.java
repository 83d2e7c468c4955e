package com.example.giftcards.rehearsal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The ERP database as a rehearsal sees it: the service's own pool, wrapped so that every statement the routes run is
 * recorded with its SQL, bound values and update count, and - for {@code --try} - so that nothing can ever commit.
 * <p>
 * While a rollback-only session is open, every connection handed out is one and the same physical connection with
 * auto-commit off: a commit (the route's ERP transaction policy, or any edit of it) is ignored, closing it is
 * ignored, and the session ends with a rollback. So even a route edit that drops the transaction policy cannot
 * change the ERP.
 */
public class RehearsalErpDataSource implements DataSource, AutoCloseable {

    /** One statement a route ran: the SQL file it came from, the SQL, its bound values in order, what it did. */
    public static final class SqlRun {
        String file;
        final String sql;
        final Map<Integer, Object> values = new TreeMap<>();
        Integer updateCount;
        String error;

        SqlRun(String file, String sql) {
            this.file = file;
            this.sql = sql;
        }

        public String file() {
            return file;
        }

        public List<Object> values() {
            return new ArrayList<>(values.values());
        }

        public Integer updateCount() {
            return updateCount;
        }

        public String error() {
            return error;
        }
    }

    private final DataSource pool;
    private Connection session;
    private List<SqlRun> recording;

    public RehearsalErpDataSource(DataSource pool) {
        this.pool = pool;
    }

    /** From now on statements are recorded. */
    public synchronized void record(List<SqlRun> into) {
        this.recording = into;
    }

    public synchronized void stopRecording() {
        this.recording = null;
    }

    /** Opens the rollback-only session: everything until {@link #rollBack} happens in one transaction. */
    public synchronized void beginRollbackOnly() throws SQLException {
        if (session != null) {
            throw new IllegalStateException("a rollback-only session is open already");
        }
        Connection physical = pool.getConnection();
        physical.setAutoCommit(false);
        session = physical;
    }

    /** Rows of a table matching {@code column = value}, read inside the open session (before its rollback). */
    public synchronized List<Map<String, Object>> rowsInSession(String table, String column, Object value) throws SQLException {
        if (session == null) {
            throw new IllegalStateException("no rollback-only session");
        }
        try (PreparedStatement query = session.prepareStatement(
                "SELECT * FROM " + table + " WHERE " + column + " = ?")) { // table and column are ours, not input
            query.setObject(1, value);
            try (ResultSet rows = query.executeQuery()) {
                return rows(rows);
            }
        }
    }

    /** Ends the session: everything the routes wrote is rolled back. */
    public synchronized void rollBack() throws SQLException {
        if (session == null) {
            return;
        }
        try {
            session.rollback();
        } finally {
            Connection physical = session;
            session = null;
            physical.close();
        }
    }

    public static List<Map<String, Object>> rows(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        List<Map<String, Object>> result = new ArrayList<>();
        while (rows.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rows.getObject(i));
            }
            result.add(row);
        }
        return result;
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        return session != null ? connection(session, true) : connection(pool.getConnection(), false);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the ERP pool has its own login");
    }

    private Connection connection(Connection physical, boolean rollbackOnly) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (rollbackOnly) {
                switch (name) {
                    case "commit", "close", "setAutoCommit", "releaseSavepoint" -> {
                        return null; // the session decides: it always rolls back
                    }
                    case "getAutoCommit" -> {
                        return false;
                    }
                    case "isClosed" -> {
                        return false;
                    }
                    default -> {
                    }
                }
            }
            if (!name.equals("prepareStatement")) {
                return invoke(physical, method, args);
            }
            try {
                return recorded((PreparedStatement) invoke(physical, method, args), (String) args[0]);
            } catch (SQLException refused) { // H2 refuses an unknown column here already, PostgreSQL on execute
                refusedStatement((String) args[0], refused);
                throw refused;
            }
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private synchronized void refusedStatement(String sql, SQLException refused) {
        if (recording != null) {
            SqlRun record = new SqlRun(null, sql);
            record.error = refused.getMessage();
            recording.add(record);
        }
    }

    private synchronized PreparedStatement recorded(PreparedStatement statement, String sql) {
        if (recording == null) {
            return statement;
        }
        SqlRun record = new SqlRun(null, sql);
        recording.add(record);
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                record.values.put(index, name.equals("setNull") ? null : args[1]);
            }
            try {
                Object result = invoke(statement, method, args);
                if (name.equals("executeUpdate") || name.equals("executeLargeUpdate")) {
                    record.updateCount = ((Number) result).intValue();
                } else if (name.equals("getUpdateCount") && ((Number) result).intValue() >= 0) {
                    record.updateCount = ((Number) result).intValue();
                }
                return result;
            } catch (SQLException e) { // PostgreSQL refuses an unknown column as camel-sql asks for the parameters
                if (record.error == null) {
                    record.error = e.getMessage();
                }
                throw e;
            }
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() throws Exception {
        rollBack();
        if (pool instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
