package com.example.giftcards.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.example.giftcards.support.DatabaseTest;
import com.example.giftcards.support.StateDatabases;
import com.example.giftcards.support.StateDatabases.StateDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal written in batches (gift.journal.asynchronous, the default): what a committed transaction recorded is
 * written, in the order recorded, in fewer state-database transactions than records; a rolled-back transaction
 * records and counts nothing; a graceful stop writes what was still queued, and a record after it is written by its
 * caller.
 */
@DatabaseTest
class JournalWriterTest {

    static Stream<StateDatabase> databases() {
        return StateDatabases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void writesWhatCommittedInOrderAndInBatches(StateDatabase db) throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        JournalWriter writer = new JournalWriter(db.dataSource(), 10_000, 100, false); // started once all are queued
        EventJournal journal = new EventJournal(db.dataSource(), metrics, writer);
        TransactionTemplate intakeTransaction = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Exchange> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(exchange("evcus_" + run + "_" + i, "vtx_" + run + "_" + i));
        }
        Exchange rolledBack = exchange("evcus_" + run + "_rolled_back", "vtx_" + run + "_rolled_back");

        for (Exchange event : events) {
            intakeTransaction.executeWithoutResult(status -> journal.accepted(event));
            event.setProperty("leg", "erp");
            event.setProperty("legRedeliveries", 1);
            event.setException(new IllegalStateException("refused"));
            journal.retrying(event);
            event.setException(null);
            journal.erpDone(event);
        }
        intakeTransaction.executeWithoutResult(status -> {
            journal.accepted(rolledBack);
            status.setRollbackOnly(); // the hand-off failed: the key and the journal go with it
        });
        assertThat(journal.find("evcus_" + run + "_0")).as("queued, not yet written").isNull();
        assertThat(metrics.counter("gift_webhooks", "status", "accepted").count()).as("counted once committed").isEqualTo(200);
        writer.start();
        assertThat(writer.awaitIdle(30_000)).isTrue();

        for (Exchange event : events) {
            Map<String, Object> found = journal.find(event.getMessage().getHeader("eventId", String.class));
            assertThat(found).containsEntry("status", "accepted");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> history = (List<Map<String, Object>>) found.get("history");
            assertThat(history).extracting(e -> e.get("outcome")).containsExactly("pending", "pending", "retrying", "done");
        }
        assertThat(journal.find("evcus_" + run + "_rolled_back")).as("nothing of a rolled-back transaction").isNull();
        assertThat(metrics.counter("gift_webhooks", "status", "accepted").count()).isEqualTo(200);
        assertThat(metrics.counter("gift_leg_outcomes", "leg", "erp", "outcome", "done").count()).isEqualTo(200);
        assertThat(writer.written()).isEqualTo(600);
        assertThat(writer.batches()).as("in batches of at most 100 records").isEqualTo(6);

        Exchange late = exchange("evcus_" + run + "_late", "vtx_" + run + "_late");
        journal.accepted(late);          // queued
        journal.close();                 // a graceful stop writes it
        Exchange afterStop = exchange("evcus_" + run + "_after_stop", "vtx_" + run + "_after_stop");
        journal.accepted(afterStop);     // the writer stopped: written by the caller, at once
        JdbcTemplate state = new JdbcTemplate(db.dataSource());
        assertThat(state.queryForObject("SELECT COUNT(*) FROM gift_event WHERE event_id IN (?, ?)", Integer.class,
                "evcus_" + run + "_late", "evcus_" + run + "_after_stop")).isEqualTo(2);
    }

    private static Exchange exchange(String eventId, String transactionId) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("eventId", eventId);
        exchange.getMessage().setHeader("eventType", "customer.voucher.gift.balance_added");
        exchange.getMessage().setHeader("transactionId", transactionId);
        exchange.getMessage().setHeader("voucherId", "v_" + transactionId);
        exchange.getMessage().setHeader("receivedAt", System.currentTimeMillis());
        return exchange;
    }
}
