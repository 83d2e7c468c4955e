package com.example.giftcards.database;

import java.sql.SQLException;
import java.util.Set;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells the connection pool that H2's "connection broken" errors mean the connection is dead. Hikari recognises a
 * dead connection by SQLState 08xxx, which is what PostgreSQL reports; H2 over TCP reports its own codes instead.
 * Without this a connection cut by a network blip stays in the pool, and while something asks for connections
 * more often than every 500 ms (Hikari validates only connections idle longer than that) every statement given
 * to it fails: the ERP leg would retry into its dead-letter queue although the database is back.
 */
public class BrokenConnectionEviction implements SQLExceptionOverride {

    /** H2's CONNECTION_BROKEN_1, DATABASE_IS_CLOSED and DATABASE_CALLED_AT_SHUTDOWN. */
    private static final Set<Integer> H2_DEAD_CONNECTION = Set.of(90067, 90098, 90121);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        boolean fromH2 = String.valueOf(e.getErrorCode()).equals(e.getSQLState()); // H2's SQLState is its code
        return fromH2 && H2_DEAD_CONNECTION.contains(e.getErrorCode()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
