package com.example.giftcards.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.example.giftcards.support.FakeVoucherify;
import com.example.giftcards.support.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The voucher list read as the backfill route reads it, against the fake Voucherify: every gift card once. */
class VoucherPagesTest {

    private final FakeVoucherify voucherify = FakeVoucherify.start("app", "token");
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        voucherify.close();
    }

    private List<JsonNode> readAll(VoucherPages pages, List<String> queries) throws Exception {
        List<JsonNode> cards = new ArrayList<>();
        for (int calls = 0; pages.hasNext(); calls++) {
            assertThat(calls).as("calls").isLessThan(500);
            String query = pages.query();
            queries.add(query);
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(voucherify.url() + "/v1/vouchers?" + query))
                    .header("X-App-Id", "app").header("X-App-Token", "token").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            cards.addAll(pages.giftCards(Fixtures.parse(answer.body())));
        }
        return cards;
    }

    @Test
    void everyGiftCardChangedSinceTheStartOnceOverSeveralPages() throws Exception {
        Instant since = Instant.now().minus(Duration.ofDays(2));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            expected.add(voucherify.giftCard("C" + i, null, since.plus(Duration.ofMinutes(i))).id());
        }
        voucherify.giftCard("BEFORE", null, since.minus(Duration.ofMinutes(1)));
        voucherify.otherVoucher("DISCOUNT", "DISCOUNT_VOUCHER", since.plus(Duration.ofMinutes(5)));
        // changed in the window and again later: its updated_at is after the window, and it must be examined too
        FakeVoucherify.Voucher changedAgain = voucherify.giftCard("AGAIN", null, Instant.now().plusSeconds(5));
        expected.add(changedAgain.id());

        List<String> queries = new ArrayList<>();
        List<JsonNode> cards = readAll(new VoucherPages(since, Instant.now(), 99), queries);

        assertThat(cards).extracting(card -> card.path("id").asText()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(queries).anyMatch(query -> query.contains("page=3"));
    }

    @Test
    void aWindowWithMoreCardsThanVoucherifyServesIsSplit() throws Exception {
        Instant since = Instant.now().minus(Duration.ofHours(1));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 230; i++) {   // many on the same millisecond
            expected.add(voucherify.giftCard("S" + i, null, since.plus(Duration.ofSeconds(i / 10))).id());
        }

        List<String> queries = new ArrayList<>();
        List<JsonNode> cards = readAll(new VoucherPages(since, Instant.now(), 1), queries);   // one page of 100 at most

        assertThat(cards).extracting(card -> card.path("id").asText()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(queries).allMatch(query -> query.contains("page=1&"));
    }

    @Test
    void moreCardsOnOneMillisecondThanVoucherifyServesEndsTheReadingAnyway() throws Exception {
        Instant moment = Instant.now().minus(Duration.ofHours(1));
        for (int i = 0; i < 150; i++) {
            voucherify.giftCard("M" + i, null, moment);
        }

        List<JsonNode> cards = readAll(new VoucherPages(moment.minusSeconds(1), Instant.now(), 1), new ArrayList<>());

        assertThat(cards).hasSize(100);      // what one page serves; the log says the rest were not examined
    }
}
