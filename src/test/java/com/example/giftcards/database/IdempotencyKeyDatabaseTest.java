package com.example.giftcards.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.example.giftcards.state.SharedIdempotentRepository;
import com.example.giftcards.support.DatabaseTest;
import com.example.giftcards.support.StateDatabases;
import com.example.giftcards.support.StateDatabases.StateDatabase;
import com.example.giftcards.support.TestErpDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The idempotency keys in a database of their own (the embedded defaults' H2 file; on a server when configured so):
 * migrated in its dialect, the keys the state database held taken over once, and the intake's repository working on it.
 */
@DatabaseTest
class IdempotencyKeyDatabaseTest {

    static Stream<StateDatabase> databases() {
        return StateDatabases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatabaseOfTheirOwnIsMigratedAndTakesOverTheStateDatabasesKeysOnce(StateDatabase state) {
        new JdbcTemplate(state.dataSource()).update(
                "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)",
                "webhook-intake", "src:before-the-upgrade", new Timestamp(System.currentTimeMillis()));
        DataSource keys = freshDatabaseBeside(state);

        DataSourceTransactionManager transactions = IdempotencyKeyDatabase.ofTheirOwn(keys, state.dataSource());

        assertThat(transactions.getDataSource()).isSameAs(keys);
        SharedIdempotentRepository repository = new SharedIdempotentRepository(transactions, "webhook-intake");
        assertThat(repository.add("src:before-the-upgrade")).as("a repeat of a delivery taken before").isFalse();
        assertThat(repository.add("src:after-the-upgrade")).as("a new delivery").isTrue();
        assertThat(keysIn(state.dataSource())).as("the state database's, untouched").isEqualTo(1);

        IdempotencyKeyDatabase.ofTheirOwn(keys, state.dataSource()); // the next start

        assertThat(keysIn(keys)).as("taken over once, the new one kept").isEqualTo(2);
    }

    @Test
    void theSameUrlAsTheStateDatabasesIsTheStateDatabase() {
        DataSourceProperties keys = new DataSourceProperties();
        keys.setUrl("jdbc:h2:mem:x");
        DataSourceProperties same = new DataSourceProperties();
        same.setUrl("jdbc:h2:mem:x");
        DataSourceProperties other = new DataSourceProperties();
        other.setUrl("jdbc:h2:mem:y");

        assertThat(IdempotencyKeyDatabase.isTheStateDatabase(keys, same)).isTrue();
        assertThat(IdempotencyKeyDatabase.isTheStateDatabase(keys, other)).isFalse();
    }

    private static DataSource freshDatabaseBeside(StateDatabase state) {
        if (state.name().equals("H2")) {
            return new DriverManagerDataSource("jdbc:h2:mem:keys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        }
        return new DriverManagerDataSource(TestErpDatabase.newStateDatabaseUrl(), TestErpDatabase.user(), TestErpDatabase.password());
    }

    private static int keysIn(DataSource database) {
        return new JdbcTemplate(database).queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED", Integer.class);
    }
}
