package com.example.giftcards.erp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.example.giftcards.support.LegWatch;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every kind of gift transaction over several cards, shuffled, repeated and sent from 8 threads, each top-up
 * announced twice (as a balance-added event and as a CREDITS_ADDITION transaction): each card ends at the balance of
 * its newest transaction, its ledger has one row per transaction whose amounts add up to that balance, and each top-up
 * is emailed exactly once, nothing else at all. On H2, and on PostgreSQL when ERP_DB_URL is set.
 */
@Tag("database")
class GiftTransactionSequenceTest extends IntegrationTest {

    private static final int VOUCHERS = 5;
    private static final int TRANSACTIONS_PER_VOUCHER = 8;
    private static final List<String> TYPES = List.of("CREDITS_ADDITION", "CREDITS_REFUND", "CREDITS_REDEMPTION", "CREDITS_REMOVAL");

    record Transaction(String voucher, String id, String type, long amount, long balanceAfter, Instant at, String email) {
    }

    record Delivery(String eventId, byte[] body) {
    }

    @Test
    void shuffledRepeatedConcurrentTransactionsLeaveEachCardAtItsNewestBalance() throws Exception {
        String run = Fixtures.unique();
        Random random = new Random(15);
        List<Transaction> transactions = new ArrayList<>();
        for (int v = 0; v < VOUCHERS; v++) {
            transactions.addAll(history("v_" + run + "_" + v, random));
        }
        // Each transaction once as transaction.created; each top-up also as a balance-added event (either variant);
        // every fourth transaction again under a new event id (a support re-send).
        List<Delivery> events = new ArrayList<>();
        int n = 0;
        for (Transaction t : transactions) {
            events.add(transactionCreated(t, "evvou_" + t.id()));
            if (t.type().equals("CREDITS_ADDITION")) {
                events.add(balanceAdded(t, n % 2 == 0));
            }
            if (n++ % 4 == 0) {
                events.add(transactionCreated(t, "evvou_" + t.id() + "_resent"));
            }
        }
        // Repeats of the same delivery (same event id, same bytes): a third of them again.
        List<Delivery> deliveries = new ArrayList<>(events);
        for (int i = 0; i < events.size() / 3; i++) {
            deliveries.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(deliveries, random);
        Map<String, LegWatch> erpLeg = new LinkedHashMap<>();
        Map<String, LegWatch> emailLeg = new LinkedHashMap<>();
        for (Delivery event : events) {
            erpLeg.put(event.eventId(), LegWatch.erpLeg(camel, BROKER, event.eventId()));
            emailLeg.put(event.eventId(), LegWatch.emailLeg(camel, BROKER, event.eventId()));
        }

        Map<String, List<Integer>> answers = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        for (Delivery delivery : deliveries) {
            senders.submit(() -> answers.computeIfAbsent(delivery.eventId(), k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(webhooks.post(delivery.body()).statusCode()));
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(5, TimeUnit.MINUTES)).isTrue();

        assertThat(answers).hasSize(events.size());
        assertThat(answers).allSatisfy((eventId, statuses) -> {
            assertThat(statuses).as(eventId).containsOnlyOnce(202);
            assertThat(statuses).as(eventId).allMatch(s -> s == 202 || s == 200);
        });
        erpLeg.values().forEach(LegWatch::awaitDone);
        emailLeg.values().forEach(LegWatch::awaitDone);
        for (Delivery event : events) {
            assertThat(BROKER.holds("DLQ.voucherify.leg.erp", event.eventId())).as("%s parked by the ERP leg", event.eventId()).isFalse();
            assertThat(BROKER.holds("DLQ.voucherify.leg.email", event.eventId())).as("%s parked by the email leg", event.eventId()).isFalse();
        }

        for (int v = 0; v < VOUCHERS; v++) {
            String voucher = "v_" + run + "_" + v;
            List<Transaction> history = transactions.stream().filter(t -> t.voucher().equals(voucher)).toList();
            Transaction newest = history.get(history.size() - 1);
            Map<String, Object> card = balance(voucher).get(0);
            assertThat(((Number) card.get("balance")).longValue()).as("balance of %s", voucher).isEqualTo(newest.balanceAfter());
            assertThat(card.get("last_transaction_id")).as("newest of %s", voucher).isEqualTo(newest.id());
            List<Map<String, Object>> rows = erp.queryForList(
                    "SELECT transaction_id, transaction_type, amount, balance_after FROM gift_card_transaction WHERE voucher_id = ?", voucher);
            assertThat(rows).as("ledger of %s", voucher).hasSize(history.size());
            for (Transaction t : history) {
                assertThat(rows).as("ledger row of %s", t.id()).filteredOn(row -> t.id().equals(row.get("transaction_id"))).singleElement()
                        .satisfies(row -> {
                            assertThat(row.get("transaction_type")).isEqualTo(t.type());
                            assertThat(((Number) row.get("amount")).longValue()).isEqualTo(t.amount());
                            assertThat(((Number) row.get("balance_after")).longValue()).isEqualTo(t.balanceAfter());
                        });
            }
            // Each card started at 0: the ledger's signed amounts add up to the change, so to the balance now.
            long sum = rows.stream().mapToLong(row -> ((Number) row.get("amount")).longValue()).sum();
            assertThat(sum).as("sum of the ledger of %s", voucher).isEqualTo(newest.balanceAfter());
        }
        for (Transaction t : transactions) {
            assertThat(MAIL.mentioning(t.id())).as("emails about %s (%s)", t.id(), t.type())
                    .isEqualTo(t.type().equals("CREDITS_ADDITION") ? 1 : 0);
        }
    }

    /**
     * A consistent history of one card from 0: a top-up first, then any type, never below 0. Ids sort in the order
     * of the history, and two transactions share a timestamp, so that the tie is broken by the transaction id.
     */
    private static List<Transaction> history(String voucher, Random random) {
        List<Transaction> history = new ArrayList<>();
        Instant start = Instant.parse("2024-03-13T10:00:00Z");
        String email = "holder-" + voucher + "@example.com";
        long balance = 0;
        for (int i = 0; i < TRANSACTIONS_PER_VOUCHER; i++) {
            String type = i == 0 || balance == 0 ? "CREDITS_ADDITION" : TYPES.get(random.nextInt(TYPES.size()));
            long amount = switch (type) {
                case "CREDITS_ADDITION" -> 100 + random.nextInt(5000);
                case "CREDITS_REFUND" -> 1 + random.nextInt(1000);
                default -> -(1 + random.nextInt((int) Math.min(balance, 3000)));
            };
            balance += amount;
            Instant at = start.plusSeconds(i == 3 ? 2 : i); // transactions 2 and 3 at the same instant
            history.add(new Transaction(voucher, "vtx_" + voucher.substring(2) + "_" + String.format("%02d", i), type, amount,
                    balance, at, email));
        }
        return history;
    }

    private static Delivery transactionCreated(Transaction t, String eventId) {
        String sample = switch (t.type()) {
            case "CREDITS_ADDITION" -> Fixtures.TRANSACTION_ADDITION;
            case "CREDITS_REFUND" -> Fixtures.TRANSACTION_REFUND;
            case "CREDITS_REDEMPTION" -> Fixtures.TRANSACTION_REDEMPTION;
            default -> Fixtures.TRANSACTION_REMOVAL;
        };
        ObjectNode envelope = Fixtures.sample(sample);
        envelope.with("event").put("id", eventId);
        envelope.with("event").put("created_at", t.at().toString());
        ObjectNode data = envelope.with("data");
        data.with("voucher").put("id", t.voucher());
        data.with("transaction").put("id", t.id()).put("voucher_id", t.voucher()).put("created_at", t.at().toString());
        data.with("transaction").with("details").with("balance").put("amount", t.amount()).put("balance", t.balanceAfter());
        data.with("balance").put("amount", t.amount()).put("balance", t.balanceAfter());
        Fixtures.holderOf(envelope).put("email", t.email());
        return new Delivery(eventId, Fixtures.compact(envelope));
    }

    /** The same top-up as a balance-added event: the distribution variant (to the same address) or project settings. */
    private static Delivery balanceAdded(Transaction t, boolean distribution) {
        String id = Fixtures.unique();
        ObjectNode envelope = distribution ? Fixtures.distribution(id) : Fixtures.projectSettings(id);
        ObjectNode data = envelope.with("data");
        data.with("voucher").put("id", t.voucher());
        data.with("transaction").put("id", t.id()).put("voucher_id", t.voucher()).put("created_at", t.at().toString());
        data.with("balance").put("amount", t.amount()).put("balance", t.balanceAfter());
        if (distribution) {
            data.with("customer").put("email", t.email());
        }
        return new Delivery(envelope.at("/event/id").asText(), Fixtures.compact(envelope));
    }
}
