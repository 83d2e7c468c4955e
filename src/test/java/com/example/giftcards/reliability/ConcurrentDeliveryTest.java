package com.example.giftcards.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.example.giftcards.support.LegWatch;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * At-least-once, unordered delivery under load: 1,000 deliveries, 30% of them repeats, shuffled and sent
 * concurrently. Balances end at each card's newest transaction; one ledger row and at most one email each.
 */
class ConcurrentDeliveryTest extends IntegrationTest {

    private static final int DELIVERIES = 1000;
    private static final int UNIQUE = 700;
    private static final int VOUCHERS = 35;

    record TopUp(String id, String voucher, long balanceAfter, boolean hasEmail, byte[] body) {
    }

    @Test
    void thousandShuffledConcurrentDeliveriesWithRepeats() throws Exception {
        String run = Fixtures.unique();
        Random random = new Random(42);
        List<TopUp> unique = new ArrayList<>();
        Instant start = Instant.parse("2024-03-13T00:00:00Z");
        for (int i = 0; i < UNIQUE; i++) {
            String voucher = "v_" + run + "_" + (i % VOUCHERS);
            int sequence = i / VOUCHERS; // the n-th top-up of that card
            String id = run + "_" + i;
            boolean hasEmail = i % 5 != 0;
            ObjectNode envelope = Fixtures.distribution(id);
            envelope.with("data").with("voucher").put("id", voucher);
            envelope.with("data").with("transaction").put("voucher_id", voucher);
            envelope.with("data").with("transaction").put("created_at", start.plusSeconds(60L * sequence).toString());
            envelope.with("data").with("balance").put("amount", 100);
            envelope.with("data").with("balance").put("balance", 100L * (sequence + 1));
            if (!hasEmail) {
                envelope.with("data").with("customer").putNull("email");
            }
            unique.add(new TopUp(id, voucher, 100L * (sequence + 1), hasEmail, Fixtures.compact(envelope)));
        }
        List<byte[]> deliveries = new ArrayList<>();
        unique.forEach(t -> deliveries.add(t.body()));
        for (int i = 0; i < DELIVERIES - UNIQUE; i++) {
            deliveries.add(unique.get(random.nextInt(UNIQUE)).body());
        }
        Collections.shuffle(deliveries, random);

        // Watching the email leg finish each event, so that a second email sent late is counted, not missed.
        LegWatch emailLeg = LegWatch.emailLegOfEach(camel, BROKER, unique.stream().map(t -> "evcus_" + t.id()).toList());
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        for (byte[] body : deliveries) {
            senders.submit(() -> statuses.add(webhooks.post(body).statusCode()));
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(5, TimeUnit.MINUTES)).isTrue();

        assertThat(statuses).hasSize(DELIVERIES).allMatch(s -> s == 200 || s == 202);
        assertThat(statuses.stream().filter(s -> s == 202).count()).as("accepted once each").isEqualTo(UNIQUE);

        String voucherPrefix = "v_" + run + "_%";
        long withEmail = unique.stream().filter(TopUp::hasEmail).count();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE voucher_id LIKE ?", Integer.class, voucherPrefix) == UNIQUE
                        && emailsTo(unique).values().stream().mapToLong(Long::longValue).sum() >= withEmail);
        emailLeg.awaitDone(); // all it will ever send is sent

        for (int v = 0; v < VOUCHERS; v++) {
            String voucher = "v_" + run + "_" + v;
            long newest = unique.stream().filter(t -> t.voucher().equals(voucher)).mapToLong(TopUp::balanceAfter).max().orElseThrow();
            assertThat(((Number) balance(voucher).get(0).get("balance")).longValue()).as(voucher).isEqualTo(newest);
        }
        var emails = emailsTo(unique);
        assertThat(unique).allSatisfy(t -> assertThat(emails.getOrDefault(Fixtures.emailOf(t.id()), 0L)).isEqualTo(t.hasEmail() ? 1L : 0L));
    }

    private static java.util.Map<String, Long> emailsTo(List<TopUp> topUps) {
        var mine = topUps.stream().map(t -> Fixtures.emailOf(t.id())).collect(java.util.stream.Collectors.toSet());
        var counts = MAIL.countsByRecipient();
        counts.keySet().retainAll(mine);
        return counts;
    }
}
