package com.example.giftcards.email;

import java.sql.Timestamp;
import java.util.List;

import javax.sql.DataSource;

import com.example.giftcards.deadletter.DeadLetters;
import com.example.giftcards.names.RouteNames;
import com.example.giftcards.operations.EventJournal;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

/**
 * At most one top-up email per transaction, and never silently none. A row per transaction in the state database
 * ({@code email_send_marker}) says that a send began ({@code sending}, committed before the SMTP conversation) and
 * that it completed ({@code sent}). Each statement commits on its own: the marker must outlive a crash of the leg's
 * JMS transaction, which is the point of it.
 */
@Component
public class EmailSendMarkers {

    private static final Logger LOG = LoggerFactory.getLogger(EmailSendMarkers.class);
    static final String NEW = "new";
    static final String SENDING = "sending";
    static final String SENT = "sent";
    /** A send begun less than this long ago may still be under way in another consumer (SMTP times out well within it). */
    static final long SEND_UNDER_WAY_MS = 60_000;

    private final JdbcTemplate state;
    private final TransactionTemplate transactions;
    private final EventJournal journal;

    private final long sendUnderWayMs;

    EmailSendMarkers(DataSource stateDataSource, EventJournal journal) {
        this(new DataSourceTransactionManager(stateDataSource), journal, SEND_UNDER_WAY_MS);
    }

    /** On the state database's transaction manager, so that the marker and the journal commit together. */
    @Autowired
    public EmailSendMarkers(@Qualifier("stateTransactionManager") DataSourceTransactionManager stateTransactions,
                            EventJournal journal, @Value("${gift.mail.send-under-way-ms}") long sendUnderWayMs) {
        this.sendUnderWayMs = sendUnderWayMs;
        this.state = new JdbcTemplate(stateTransactions.getDataSource());
        this.transactions = new TransactionTemplate(stateTransactions);
        this.journal = journal;
    }

    /**
     * Marks the send of this transaction's email as begun. Answers {@code new} (go ahead and send), {@code sent} (an
     * earlier send completed) or {@code sending} (an earlier send began and never completed). A replay of an event
     * that was parked for that very reason takes the send over: the operator checked the mail server's log.
     * <p>
     * A send begun moments ago may still be under way in another consumer (the same transaction in two events at
     * once): that is not an unknown outcome yet, so it throws {@link EmailSendUnderWayException} and the leg retries
     * it, by when the other send has completed (then: {@code sent}) or has been dead long enough to say so.
     */
    public String begin(@ExchangeProperty(RouteNames.TRANSACTION_ID) String transactionId,
                        @Header(DeadLetters.PREVIOUS_FAILURE_TYPE) String previousFailureType) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                state.update("INSERT INTO email_send_marker (transaction_id, state, begun_at) VALUES (?, ?, ?)",
                        transactionId, SENDING, now());
                return NEW;
            } catch (DuplicateKeyException earlierSend) {
                List<String> found = state.queryForList("SELECT state FROM email_send_marker WHERE transaction_id = ?",
                        String.class, transactionId);
                if (found.isEmpty()) {
                    continue; // a failed send released it in between: try again
                }
                if (SENDING.equals(found.get(0)) && EmailOutcomeUnknownException.FAILURE_TYPE.equals(previousFailureType)
                        && state.update("UPDATE email_send_marker SET begun_at = ? WHERE transaction_id = ? AND state = ?",
                                now(), transactionId, SENDING) == 1) {
                    LOG.info("Replay of transaction {} whose email outcome was unknown: sending it", transactionId);
                    return NEW;
                }
                if (SENDING.equals(found.get(0)) && begunWithin(transactionId, sendUnderWayMs)) {
                    throw new EmailSendUnderWayException(transactionId);
                }
                return found.get(0);
            }
        }
        return SENDING; // another consumer keeps taking and releasing it: treat as a send under way
    }

    private boolean begunWithin(String transactionId, long millis) {
        List<Timestamp> begun = state.queryForList("SELECT begun_at FROM email_send_marker WHERE transaction_id = ?",
                Timestamp.class, transactionId);
        return !begun.isEmpty() && System.currentTimeMillis() - begun.get(0).getTime() < millis;
    }

    /** The SMTP server accepted the email: the marker and the event journal say so in one transaction. */
    public void sent(Exchange exchange) {
        String transactionId = exchange.getProperty(RouteNames.TRANSACTION_ID, String.class);
        transactions.executeWithoutResult(status -> {
            state.update("UPDATE email_send_marker SET state = ?, completed_at = ? WHERE transaction_id = ?",
                    SENT, now(), transactionId);
            journal.emailSent(exchange);
        });
    }

    /** A send found begun and not completed: park the event for an operator, do not guess. */
    public void outcomeUnknown(@ExchangeProperty(RouteNames.TRANSACTION_ID) String transactionId) {
        throw new EmailOutcomeUnknownException(transactionId);
    }

    /**
     * The send failed before the server accepted the email (refused, unreachable): release the marker, so that the
     * leg's retry sends it, and pass the failure on to the leg's retries.
     */
    public void releaseAndRethrow(Exchange exchange) throws Exception {
        String transactionId = exchange.getProperty(RouteNames.TRANSACTION_ID, String.class);
        state.update("DELETE FROM email_send_marker WHERE transaction_id = ? AND state = ?", transactionId, SENDING);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        throw failure != null ? failure : new IllegalStateException("send failed for transaction " + transactionId);
    }

    private static Timestamp now() {
        return new Timestamp(System.currentTimeMillis()); // JVM local time, like Camel's idempotent repository
    }
}
