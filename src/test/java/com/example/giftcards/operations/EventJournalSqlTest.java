package com.example.giftcards.operations;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal's SQL on H2 and (when the build has one) PostgreSQL or MariaDB, the state database in production: records in and
 * out of a transaction, nulls where an event has no transaction, the same event id twice, and reading back.
 */
@DatabaseTest
class EventJournalSqlTest {

    static Stream<StateDatabase> databases() {
        return StateDatabases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recordsAndReadsBack(StateDatabase db) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        EventJournal journal = new EventJournal(db.dataSource(), metrics);
        TransactionTemplate intakeTransaction = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        String id = UUID.randomUUID().toString();
        Exchange accepted = exchange("evcus_" + id, "customer.voucher.gift.balance_added", "vtx_" + id, "v_" + id);
        Exchange ignored = exchange("evvou_" + id, "voucher.created", null, null);

        intakeTransaction.executeWithoutResult(status -> journal.accepted(accepted));
        intakeTransaction.executeWithoutResult(status -> journal.accepted(accepted)); // same event id again: first record stays
        intakeTransaction.executeWithoutResult(status -> journal.duplicate(accepted));
        journal.ignored(ignored);
        accepted.setProperty("leg", "erp");
        accepted.setProperty("legRedeliveries", 1);
        accepted.setException(new IllegalStateException("refused for jack@example.com"));
        journal.retrying(accepted);
        accepted.setException(null);
        journal.erpDone(accepted);

        Map<String, Object> event = journal.find("evcus_" + id);
        assertThat(event).containsEntry("status", "accepted").containsEntry("transaction_id", "vtx_" + id);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> legs = (Map<String, Map<String, Object>>) event.get("legs");
        assertThat(legs.get("erp")).containsEntry("outcome", "done").containsEntry("attempts", 2);
        assertThat(legs.get("email")).containsEntry("outcome", "pending");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) event.get("history");
        assertThat(history).extracting(entry -> entry.get("outcome"))
                .as("each leg pending from the moment received (no stored entry), then what happened")
                .containsExactly("pending", "pending", "duplicate", "retrying", "done");
        assertThat(history.get(3).get("reason")).as("no address in a reason").isEqualTo("refused for <address>");
        assertThat(journal.find("evvou_" + id)).containsEntry("status", "ignored").containsEntry("transaction_id", null);
        assertThat(journal.search("transaction_id", "vtx_" + id)).extracting(e -> e.get("event_id")).containsExactly("evcus_" + id);
        assertThat(journal.search("voucher_id", "v_" + id)).hasSize(1);
        assertThat(journal.find("evcus_unknown_" + id)).isNull();
        assertThat(metrics.counter("gift_webhooks", "status", "accepted").count()).as("counted once committed").isEqualTo(2);
        assertThat(metrics.counter("gift_leg_outcomes", "leg", "erp", "outcome", "done").count()).isEqualTo(1);
    }

    private static Exchange exchange(String eventId, String eventType, String transactionId, String voucherId) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("eventId", eventId);
        exchange.getMessage().setHeader("eventType", eventType);
        exchange.getMessage().setHeader("transactionId", transactionId);
        exchange.getMessage().setHeader("voucherId", voucherId);
        exchange.getMessage().setHeader("receivedAt", System.currentTimeMillis());
        return exchange;
    }
}
