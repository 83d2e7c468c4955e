package com.example.giftcards.backfill;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One backfill run while it runs: its window, where it is, and its counts. The backfill route carries it as the
 * exchange property {@code backfillRun} and tells it what it saw; {@link BackfillRuns} stores it.
 */
public final class BackfillRun {

    /** A card examined: what Voucherify said of it when the run listed it. */
    public record Card(String voucherId, String voucherCode, long voucherifyBalance, Instant updatedAt) {
    }

    /** A card whose ERP balance is not Voucherify's (erpBalance null: the ERP has no row for it). */
    public record Drift(String voucherId, String voucherCode, Long erpBalance, long voucherifyBalance) {
        /** erp_balance stays in, as null, when the ERP has no row for the card. */
        Map<String, Object> asJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("voucher_id", voucherId);
            json.put("voucher_code", voucherCode);
            json.put("erp_balance", erpBalance);
            json.put("voucherify_balance", voucherifyBalance);
            return json;
        }
    }

    private final String id;
    private final String trigger;
    private final Instant since;
    private final Instant until;
    private final Instant startedAt;
    private final Instant emailCutoff;
    private final int maxPage;
    private final AtomicInteger transactionsSeen = new AtomicInteger();
    private final AtomicInteger transactionsBooked = new AtomicInteger();
    private final AtomicInteger transactionsParked = new AtomicInteger();
    private final List<Card> cards = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> booked = ConcurrentHashMap.newKeySet();
    private volatile List<Drift> drift = List.of();

    BackfillRun(String id, String trigger, Instant since, Instant until, Instant startedAt, Instant emailCutoff, int maxPage) {
        this.id = id;
        this.trigger = trigger;
        this.since = since;
        this.until = until;
        this.startedAt = startedAt;
        this.emailCutoff = emailCutoff;
        this.maxPage = maxPage;
    }

    // --- told by the backfill route (through BackfillRuns)

    /** The cards changed since the window opened (GET /v1/vouchers). */
    VoucherPages voucherPages() {
        return new VoucherPages(since, startedAt, maxPage);
    }

    /** A gift card to examine: its transactions in the window (GET /v1/vouchers/{code}/transactions). */
    TransactionPages transactionPages(JsonNode voucher) {
        JsonNode gift = voucher.path("gift");
        cards.add(new Card(voucher.path("id").asText(), voucher.path("code").asText(), gift.path("balance").asLong(),
                instant(voucher.path("updated_at").asText(""))));
        return new TransactionPages(voucher.path("code").asText(), since, until);
    }

    /** A transaction of the window, counted as seen. */
    FoundTransaction found(JsonNode voucher, JsonNode transaction) {
        transactionsSeen.incrementAndGet();
        String holder = voucher.path("holder_id").asText("");
        return new FoundTransaction(transaction.path("id").asText(), transaction, voucher,
                emailMayBeDue(transaction) && !holder.isEmpty() ? "/v1/customers/" + TransactionPages.encoded(holder) : null);
    }

    /**
     * Money added recently enough to be emailed: only then is the holder's address read
     * ({@code GIFT_BACKFILL_EMAIL_MAX_AGE}; the email leg decides again when it sends).
     */
    private boolean emailMayBeDue(JsonNode transaction) {
        Instant created = instant(transaction.path("created_at").asText(""));
        return "CREDITS_ADDITION".equals(transaction.path("type").asText()) && created != null && created.isAfter(emailCutoff);
    }

    /** What the intake answered for a transaction handed off: accepted (booked), parked, or a duplicate. */
    void handedOff(String transactionId, String answer) {
        if (answer != null && answer.contains("\"status\":\"accepted\"")) {
            transactionsBooked.incrementAndGet();
            booked.add(transactionId);
        } else if (answer != null && answer.contains("\"status\":\"parked\"")) {
            transactionsParked.incrementAndGet();
        }
    }

    // --- read by BackfillRuns and Reconciliation

    public String id() {
        return id;
    }

    String trigger() {
        return trigger;
    }

    Instant since() {
        return since;
    }

    Instant until() {
        return until;
    }

    Instant startedAt() {
        return startedAt;
    }

    int vouchersChecked() {
        return cards.size();
    }

    int transactionsSeen() {
        return transactionsSeen.get();
    }

    int transactionsBooked() {
        return transactionsBooked.get();
    }

    int transactionsParked() {
        return transactionsParked.get();
    }

    List<Card> cards() {
        synchronized (cards) {
            return List.copyOf(cards);
        }
    }

    Set<String> booked() {
        return Set.copyOf(booked);
    }

    List<Drift> drift() {
        return drift;
    }

    void drift(List<Drift> found) {
        this.drift = List.copyOf(found);
    }

    static Instant instant(String text) {
        try {
            return text == null || text.isEmpty() ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
