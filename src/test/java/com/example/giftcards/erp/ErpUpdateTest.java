package com.example.giftcards.erp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.example.giftcards.support.DatabaseTest;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.example.giftcards.support.LegWatch;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The ERP leg is idempotent and order-safe (runs on H2, and on PostgreSQL or MariaDB when ERP_DB_URL points at one). */
@DatabaseTest
class ErpUpdateTest extends IntegrationTest {

    private static final String ERP_DEAD_LETTERS = "DLQ.voucherify.leg.erp";

    @Test
    void theSameTransactionInTwoEventsIsAppliedOnceAndNeitherEventFails() {
        String voucher = "v_" + Fixtures.unique();
        String transaction = "vtx_" + Fixtures.unique();
        // Two different events (say, a support re-send) carrying the same balance change.
        ObjectNode first = topUp(voucher, transaction, "2024-03-13T10:00:00.000Z", 400, 1400);
        ObjectNode resent = topUp(voucher, transaction, "2024-03-13T10:00:00.000Z", 400, 1400);
        LegWatch firstDone = LegWatch.erpLeg(camel, BROKER, eventId(first));
        LegWatch resentDone = LegWatch.erpLeg(camel, BROKER, eventId(resent));

        post(first);
        post(resent);

        firstDone.awaitDone();
        resentDone.awaitDone();
        // The primary key keeps a second ledger row out whatever the leg does. What a leg that is not idempotent gets
        // wrong is the second event: it fails on that key, is retried and parked, or it counts the change twice.
        assertThat(BROKER.holds(ERP_DEAD_LETTERS, eventId(first))).as("first event parked").isFalse();
        assertThat(BROKER.holds(ERP_DEAD_LETTERS, eventId(resent))).as("re-sent event parked").isFalse();
        assertThat(ledger(transaction)).singleElement().satisfies(row -> {
            assertThat(((Number) row.get("amount")).longValue()).isEqualTo(400);
            assertThat(((Number) row.get("balance_after")).longValue()).isEqualTo(1400);
        });
        Map<String, Object> card = balance(voucher).get(0);
        assertThat(((Number) card.get("balance")).longValue()).isEqualTo(1400);
        assertThat(card.get("last_transaction_id")).isEqualTo(transaction);
    }

    @Test
    void anOlderTransactionArrivingLateIsRecordedButDoesNotOverwriteTheBalance() {
        String voucher = "v_" + Fixtures.unique();
        String newer = "vtx_" + Fixtures.unique();
        String older = "vtx_" + Fixtures.unique();

        post(topUp(voucher, newer, "2024-03-13T12:00:00.000Z", 500, 2000));
        eventually.ledgerRow(newer);
        post(topUp(voucher, older, "2024-03-13T09:00:00.000Z", 300, 1500));
        eventually.ledgerRow(older);

        var card = balance(voucher).get(0);
        assertThat(((Number) card.get("balance")).longValue()).isEqualTo(2000);
        assertThat(card.get("last_transaction_id")).isEqualTo(newer);
        assertThat(((Number) ledger(older).get(0).get("balance_after")).longValue()).isEqualTo(1500);
        assertThat(((Number) ledger(older).get(0).get("amount")).longValue()).isEqualTo(300);
    }

    @Test
    void aNewerTransactionUpdatesTheBalance() {
        String voucher = "v_" + Fixtures.unique();
        String first = "vtx_" + Fixtures.unique();
        String second = "vtx_" + Fixtures.unique();

        post(topUp(voucher, first, "2024-03-13T09:00:00.000+01:00", 300, 1300));
        eventually.ledgerRow(first); // applied: the balance is the first's when the second comes
        post(topUp(voucher, second, "2024-03-13T08:30:00.000Z", 200, 1500)); // later instant, other offset
        eventually.ledgerRow(second);

        Map<String, Object> card = balance(voucher).get(0);
        assertThat(((Number) card.get("balance")).longValue()).isEqualTo(1500);
        assertThat(card.get("last_transaction_id")).isEqualTo(second);
    }

    private void post(ObjectNode envelope) {
        assertThat(webhooks.post(Fixtures.compact(envelope)).statusCode()).isEqualTo(202);
    }

    private static String eventId(ObjectNode envelope) {
        return envelope.at("/event/id").asText();
    }

    static ObjectNode topUp(String voucher, String transaction, String at, long amount, long balanceAfter) {
        ObjectNode envelope = Fixtures.distribution(Fixtures.unique());
        envelope.with("data").with("voucher").put("id", voucher);
        envelope.with("data").with("transaction").put("voucher_id", voucher);
        envelope.with("data").with("transaction").put("id", transaction);
        envelope.with("data").with("transaction").put("created_at", at);
        envelope.with("data").with("balance").put("amount", amount);
        envelope.with("data").with("balance").put("balance", balanceAfter);
        return envelope;
    }
}
