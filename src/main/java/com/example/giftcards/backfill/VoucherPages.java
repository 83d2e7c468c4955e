package com.example.giftcards.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the run is in {@code GET /v1/vouchers}: which cards changed since the window opened. Read by the backfill
 * route's loop ({@code hasNext}, {@code query}, {@code giftCards}).
 * <p>
 * Why not just {@code updated_at[after]=since&updated_at[before]=until}: a card's {@code updated_at} is its latest
 * change only, so a card changed in the window and again after {@code until} (or while the run reads the list) would
 * be missed. The list is read as every card changed since {@code since}: up to the run's start, then a last window
 * with no upper end for the cards that changed while it ran. Voucherify serves at most {@value #MAX_PAGE} pages of
 * {@value #LIMIT}: a window whose total would pass that is split in two first. Pages are numbered, so a card that
 * leaves a window while it is read can shift another past the reader: a window that yielded fewer cards than its
 * total is read once more (cards already seen are not examined twice).
 */
public final class VoucherPages {

    private static final Logger LOG = LoggerFactory.getLogger(VoucherPages.class);

    static final int LIMIT = 100;
    static final int MAX_PAGE = 99;

    private record Window(Instant after, Instant before, boolean reread) {
    }

    private final Deque<Window> windows = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();
    private final int maxPage;
    private Window current;
    private int page = 1;
    private long total = -1;
    private int seenInWindow;

    VoucherPages(Instant since, Instant scanStart, int maxPage) {
        this.maxPage = maxPage;
        // Voucherify's after and before are exclusive: each window starts a millisecond before the last one ended,
        // so a card changed on a boundary is in one of them (and examined once: seen below).
        windows.add(new Window(since.minusMillis(1), scanStart, false));
        windows.add(new Window(scanStart.minusMillis(1), null, false));
        current = windows.poll();
    }

    public boolean hasNext() {
        return current != null;
    }

    /** The query of the next page, as Voucherify wants it (deepObject parameters). */
    public String query() {
        StringBuilder query = new StringBuilder("limit=" + LIMIT + "&page=" + page + "&order=updated_at");
        query.append("&updated_at%5Bafter%5D=").append(current.after());
        if (current.before() != null) {
            query.append("&updated_at%5Bbefore%5D=").append(current.before());
        }
        return query.toString();
    }

    /** The gift cards of an answer not examined yet in this run; moves on to the next page or window. */
    public List<JsonNode> giftCards(JsonNode answer) {
        JsonNode vouchers = answer.path("vouchers");
        if (page == 1) {
            total = answer.path("total").asLong(vouchers.size());
            seenInWindow = 0;
            if (total > (long) maxPage * LIMIT && split()) {
                return List.of();
            }
        }
        List<JsonNode> cards = new ArrayList<>();
        for (JsonNode voucher : vouchers) {
            String id = voucher.path("id").asText("");
            seenInWindow++;
            if ("GIFT_VOUCHER".equals(voucher.path("type").asText()) && !id.isEmpty() && seen.add(id)) {
                cards.add(voucher);
            }
        }
        boolean last = vouchers.isEmpty() || vouchers.size() < LIMIT || (long) page * LIMIT >= total || page >= maxPage;
        if (last) {
            nextWindow();
        } else {
            page++;
        }
        return cards;
    }

    /** Cards shifted past the reader while it read: read the window again, once. */
    private void nextWindow() {
        if (seenInWindow < total && !current.reread() && page < maxPage) {
            windows.addFirst(new Window(current.after(), current.before(), true));
        }
        current = windows.poll();
        page = 1;
        total = -1;
    }

    private boolean split() {
        Instant before = current.before() != null ? current.before() : Instant.now();
        Duration width = Duration.between(current.after(), before);
        if (width.toMillis() < 4) {
            // More cards changed within a few milliseconds than Voucherify serves: read what it serves
            LOG.warn("More than {} gift cards changed between {} and {}: Voucherify lists only the first {}; the rest"
                    + " of that moment's cards are not examined by this run", (long) maxPage * LIMIT, current.after(), before,
                    (long) maxPage * LIMIT);
            return false;
        }
        Instant middle = current.after().plusMillis(width.toMillis() / 2);
        Window tail = new Window(middle.minusMillis(1), current.before(), false);
        current = new Window(current.after(), middle, false);
        windows.addFirst(tail);
        page = 1;
        total = -1;
        return true;
    }
}
