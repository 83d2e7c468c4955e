package com.example.giftcards.state;

import java.sql.SQLException;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Camel's JDBC idempotent repository, safe when several instances share the state database: two instances adding
 * the same key at the same moment: the primary key stops the second insert. That loser is a duplicate, not an error;
 * so is a repeat of a key committed earlier.
 * <p>
 * Inside a caller's transaction (the intake's), each operation runs in a nested transaction (a savepoint), so that
 * the loser's failed insert is undone alone and the caller's transaction stays usable; PostgreSQL would otherwise
 * abort the whole transaction. Outside one (the email leg), each operation commits at once.
 * <p>
 * An insert of a key that another transaction holds uncommitted waits for that transaction, up to the state
 * database's lock timeout ({@code gift.state-db.lock-timeout}).
 */
public class SharedIdempotentRepository extends JdbcMessageIdRepository {

    /** ER_LOCK_WAIT_TIMEOUT: innodb_lock_wait_timeout passed. */
    private static final int MARIADB_LOCK_WAIT_TIMEOUT = 1205;
    private static final String POSTGRES_LOCK_NOT_AVAILABLE = "55P03";

    /** On the state database's transaction manager, so that the intake's key transaction is the one joined. */
    public SharedIdempotentRepository(DataSourceTransactionManager stateTransactions, String processorName) {
        super(stateTransactions.getDataSource(), nestedTransactions(stateTransactions), processorName);
        setCreateTableIfNotExists(false); // Flyway owns the schema
    }

    private static TransactionTemplate nestedTransactions(DataSourceTransactionManager stateTransactions) {
        TransactionTemplate template = new TransactionTemplate(stateTransactions);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return template;
    }

    /**
     * One statement: the insert, whose primary key answers "is it there?" (Camel's own add asks with a query first,
     * one more round trip on every webhook's path for the rare repeat). A repeat's failed insert is undone alone.
     */
    @Override
    public boolean add(String key) {
        try {
            transactionTemplate.executeWithoutResult(status -> insert(key));
            return true;
        } catch (DataIntegrityViolationException repeatOrConcurrentInsert) {
            return false;
        } catch (PessimisticLockingFailureException | QueryTimeoutException lockTimeout) {
            throw new IdempotencyKeyBusyException(key, lockTimeout); // H2's way to say so
        } catch (UncategorizedSQLException e) {
            if (isLockTimeout(e.getSQLException())) {
                throw new IdempotencyKeyBusyException(key, e);
            }
            throw e;
        }
    }

    /**
     * The lock timeouts Spring leaves uncategorised: PostgreSQL's lock_not_available (SQLState 55P03) and MariaDB's
     * and MySQL's lock wait timeout (error 1205, SQLState HY000). H2's arrives as a PessimisticLockingFailureException.
     */
    private static boolean isLockTimeout(SQLException e) {
        return e != null && (POSTGRES_LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || e.getErrorCode() == MARIADB_LOCK_WAIT_TIMEOUT);
    }
}
