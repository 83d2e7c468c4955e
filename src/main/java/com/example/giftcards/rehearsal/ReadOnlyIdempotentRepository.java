package com.example.giftcards.rehearsal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The intake's duplicate look-up during a try: asks the configured state database whether this delivery was taken
 * before (the table of Camel's JDBC idempotent repository, as the service writes it), on a read-only connection, and
 * never takes a key. Without a configured state database every delivery is new.
 */
class ReadOnlyIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    static final String PROCESSOR_NAME = "webhook-intake"; // as the service's webhookEventRepository

    private final DataSource state;

    ReadOnlyIdempotentRepository(DataSource state) {
        this.state = state;
    }

    @Override
    public boolean add(String key) {
        return !contains(key); // "added" means new: nothing is written
    }

    @Override
    public boolean contains(String key) {
        if (state == null) {
            return false;
        }
        try (Connection connection = state.getConnection()) {
            connection.setReadOnly(true);
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?")) {
                query.setString(1, PROCESSOR_NAME);
                query.setString(2, key);
                try (ResultSet count = query.executeQuery()) {
                    return count.next() && count.getLong(1) > 0;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not look the delivery up in the state database (STATE_DB_URL): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean remove(String key) {
        return false;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        // nothing is kept
    }
}
