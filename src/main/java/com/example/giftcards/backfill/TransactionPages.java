package com.example.giftcards.backfill;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the run is in one card's {@code GET /v1/vouchers/{code}/transactions}: pages of {@value #LIMIT}, oldest first,
 * until {@code has_more} is false. The API has no date filter: the transactions created inside the window are kept.
 */
public final class TransactionPages {

    static final int LIMIT = 100;

    private final String path;
    private final Instant since;
    private final Instant until;
    private String startingAfter;
    private boolean more = true;

    TransactionPages(String voucherCode, Instant since, Instant until) {
        this.path = "/v1/vouchers/" + encoded(voucherCode) + "/transactions";
        this.since = since;
        this.until = until;
    }

    public boolean hasNext() {
        return more;
    }

    public String path() {
        return path;
    }

    public String query() {
        String query = "limit=" + LIMIT + "&order=id";
        return startingAfter == null ? query : query + "&starting_after_id=" + URLEncoder.encode(startingAfter, StandardCharsets.UTF_8);
    }

    /** The transactions of an answer created inside the window; moves on to the next page. */
    public List<JsonNode> inWindow(JsonNode answer) {
        JsonNode data = answer.path("data");
        List<JsonNode> kept = new ArrayList<>();
        String lastId = null;
        for (JsonNode transaction : data) {
            lastId = transaction.path("id").asText(null);
            Instant created = createdAt(transaction);
            if (created != null && !created.isBefore(since) && created.isBefore(until)) {
                kept.add(transaction);
            }
        }
        String next = answer.path("more_starting_after").asText(lastId);
        more = answer.path("has_more").asBoolean(false) && !data.isEmpty() && next != null && !next.equals(startingAfter);
        startingAfter = next;
        return kept;
    }

    static String encoded(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Instant createdAt(JsonNode transaction) {
        try {
            return Instant.parse(transaction.path("created_at").asText(""));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
