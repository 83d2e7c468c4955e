package com.example.giftcards.config;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Camel's JDBC idempotent repository, safe when several instances share the state database: two instances adding
 * the same key at the same moment both pass the "is it there?" query, and the primary key stops the second insert.
 * That loser is a duplicate, not an error.
 */
public class SharedIdempotentRepository extends JdbcMessageIdRepository {

    public SharedIdempotentRepository(DataSource dataSource, String processorName) {
        super(dataSource, processorName);
        setCreateTableIfNotExists(false); // Flyway owns the schema
    }

    @Override
    public boolean add(String key) {
        try {
            return super.add(key);
        } catch (DataIntegrityViolationException concurrentInsert) {
            return false;
        }
    }
}
