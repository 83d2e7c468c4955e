package com.example.giftcards.backfill;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.example.giftcards.names.RouteNames;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The end of every backfill run: each card examined, the ERP's balance against Voucherify's {@code gift.balance}.
 * A difference is reported (the run's report, the gauge gift_backfill_drift_cards, one WARN line with ids only);
 * nothing here ever writes an ERP balance: the ERP's owners decide what is right.
 * <p>
 * First the transactions the run handed off are given time to reach the ledger (the ERP leg books them at its own
 * pace), so that what was just booked is not reported as drift. A card whose ERP balance comes from a transaction
 * newer than Voucherify's listing of it (a webhook arrived meanwhile) is not compared.
 */
@Component
public class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
    private static final int CHUNK = 200;

    private final JdbcTemplate erp;
    private final BackfillSettings settings;

    public Reconciliation(@Qualifier("erpDataSource") DataSource erpDataSource, BackfillSettings settings) {
        this.erp = new JdbcTemplate(erpDataSource);
        this.settings = settings;
    }

    public void compare(@ExchangeProperty(RouteNames.BACKFILL_RUN) BackfillRun run) throws InterruptedException {
        awaitLedger(run.booked());
        List<BackfillRun.Card> cards = run.cards();
        Map<String, Object[]> erpBalances = balances(cards.stream().map(BackfillRun.Card::voucherId).toList());
        List<BackfillRun.Drift> drift = new ArrayList<>();
        for (BackfillRun.Card card : cards) {
            Object[] row = erpBalances.get(card.voucherId());
            Long erpBalance = row == null ? null : ((Number) row[0]).longValue();
            Instant erpLatest = row == null || row[1] == null ? null : ((Timestamp) row[1]).toInstant();
            if (erpLatest != null && card.updatedAt() != null && erpLatest.isAfter(card.updatedAt())) {
                continue;       // the ERP knows a newer transaction than the listing did
            }
            boolean same = erpBalance == null ? card.voucherifyBalance() == 0 : erpBalance == card.voucherifyBalance();
            if (!same) {
                drift.add(new BackfillRun.Drift(card.voucherId(), card.voucherCode(), erpBalance, card.voucherifyBalance()));
                LOG.warn("Balance drift on gift card {} ({}): ERP {}, Voucherify {} (backfill run {}; not changed)",
                        card.voucherId(), card.voucherCode(), erpBalance == null ? "has no row" : erpBalance,
                        card.voucherifyBalance(), run.id());
            }
        }
        run.drift(drift);
    }

    /** Waits, up to gift.backfill.settle-timeout, until the ledger holds every transaction the run handed off. */
    private void awaitLedger(Set<String> booked) throws InterruptedException {
        Set<String> waiting = new HashSet<>(booked);
        long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
        while (!waiting.isEmpty()) {
            List<String> ids = new ArrayList<>(waiting);
            for (int i = 0; i < ids.size(); i += CHUNK) {
                List<String> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
                waiting.removeAll(erp.queryForList("SELECT transaction_id FROM gift_card_transaction WHERE transaction_id IN ("
                        + placeholders(chunk.size()) + ")", String.class, chunk.toArray()));
            }
            if (waiting.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(Duration.ofMillis(200).toMillis());
        }
        if (!waiting.isEmpty()) {
            LOG.warn("{} handed-off transactions were not in the ERP ledger after {} s: their cards may show as drift"
                    + " until the ERP leg has booked them", waiting.size(), settings.settleTimeout().toSeconds());
        }
    }

    private Map<String, Object[]> balances(List<String> voucherIds) {
        Map<String, Object[]> found = new HashMap<>();
        for (int i = 0; i < voucherIds.size(); i += CHUNK) {
            List<String> chunk = voucherIds.subList(i, Math.min(voucherIds.size(), i + CHUNK));
            erp.query("SELECT voucher_id, balance, last_transaction_at FROM gift_card_balance WHERE voucher_id IN ("
                            + placeholders(chunk.size()) + ")",
                    rs -> {
                        found.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getTimestamp(3)});
                    }, chunk.toArray());
        }
        return found;
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
