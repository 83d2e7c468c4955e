package com.example.giftcards.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.giftcards.support.FakeVoucherify.Customer;
import com.example.giftcards.support.FakeVoucherify.Transaction;
import com.example.giftcards.support.FakeVoucherify.Voucher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The fake Voucherify itself, through a plain HTTP client: what the backfill's tests rely on. */
class FakeVoucherifyTest {

    private static final String APP_ID = "app-id-1";
    private static final String APP_TOKEN = "app-token-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00.000Z");

    private final FakeVoucherify fake = FakeVoucherify.start(APP_ID, APP_TOKEN);

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void withoutTheRightIdAndTokenEveryEndpointAnswers401InVoucherifysErrorShape() throws Exception {
        Voucher card = fake.giftCard("GIFT-1", null);

        HttpResponse<String> noHeaders = send(request("/v1/vouchers").build());
        HttpResponse<String> wrongToken = send(request("/v1/vouchers/" + card.code())
                .header("X-App-Id", APP_ID).header("X-App-Token", "wrong").build());
        HttpResponse<String> wrongId = send(request("/v1/vouchers/" + card.code() + "/transactions")
                .header("X-App-Id", "other").header("X-App-Token", APP_TOKEN).build());

        for (HttpResponse<String> response : List.of(noHeaders, wrongToken, wrongId)) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("code").asInt()).isEqualTo(401);
            assertThat(body.path("key").asText()).isEqualTo("unauthorized");
            assertThat(body.path("message").asText()).isEqualTo("Unauthorized");
            assertThat(body.path("request_id").asText()).startsWith("v-");
        }
        assertThat(get("/v1/vouchers").statusCode()).isEqualTo(200);

        List<FakeVoucherify.Request> log = fake.requests();
        assertThat(log).extracting(FakeVoucherify.Request::status).containsExactly(401, 401, 401, 200);
        assertThat(log).extracting(FakeVoucherify.Request::appId).containsExactly(null, APP_ID, "other", APP_ID);
        assertThat(log).extracting(FakeVoucherify.Request::tokenMatched).containsExactly(false, false, true, true);
    }

    @Test
    void vouchersComeInPagesWithTheTotalOfAllMatchingAndPageHundredIsRefused() throws Exception {
        List<Voucher> cards = IntStream.range(0, 25)
                .mapToObj(i -> fake.giftCard("GIFT-" + i, null, T0.plusSeconds(i))).toList();

        List<String> codes = new ArrayList<>();
        int[] sizes = new int[4];
        for (int page = 1; page <= 4; page++) {
            JsonNode body = json(get("/v1/vouchers?limit=10&page=" + page));
            assertThat(body.path("object").asText()).isEqualTo("list");
            assertThat(body.path("data_ref").asText()).isEqualTo("vouchers");
            assertThat(body.path("total").asInt()).isEqualTo(25);
            sizes[page - 1] = body.path("vouchers").size();
            body.path("vouchers").forEach(v -> codes.add(v.path("code").asText()));
        }
        assertThat(sizes).containsExactly(10, 10, 5, 0);
        // default order -created_at: newest first
        assertThat(codes).containsExactlyElementsOf(reversed(cards.stream().map(Voucher::code).toList()));

        JsonNode byCode = json(get("/v1/vouchers?limit=3&order=code"));
        assertThat(field(byCode.path("vouchers"), "code")).containsExactly("GIFT-0", "GIFT-1", "GIFT-10");
        assertThat(json(get("/v1/vouchers")).path("vouchers").size()).as("default limit").isEqualTo(10);

        assertThat(get("/v1/vouchers?page=99").statusCode()).isEqualTo(200);
        HttpResponse<String> page100 = get("/v1/vouchers?page=100");
        assertThat(page100.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(page100.body());
        assertThat(error.path("code").asInt()).isEqualTo(400);
        assertThat(error.path("key").asText()).isEqualTo("invalid_query_params");
        assertThat(error.path("details").asText()).contains("page");
        assertThat(get("/v1/vouchers?limit=101").statusCode()).isEqualTo(400);
        assertThat(get("/v1/vouchers?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void theUpdatedAtWindowIsStrictOnBothEndsAndListsEveryType() throws Exception {
        Voucher atStart = fake.giftCard("AT-START", null, T0);
        Voucher inside = fake.giftCard("INSIDE", null, T0.minusSeconds(3600));
        fake.transaction(inside, "CREDITS_ADDITION", 1000, T0.plusSeconds(60)); // moves updated_at into the window
        Voucher discount = fake.otherVoucher("DISC-1", "DISCOUNT_VOUCHER", T0.plusSeconds(120));
        fake.giftCard("AT-END", null, T0.plusSeconds(600));
        fake.giftCard("BEFORE", null, T0.minusSeconds(1));
        Voucher stale = fake.giftCard("STALE", null, T0.minusSeconds(7200));
        fake.transaction(stale, "CREDITS_ADDITION", 500, T0.plusSeconds(30));
        fake.setUpdatedAt(stale, T0.minusSeconds(7200));

        JsonNode body = json(get("/v1/vouchers?order=updated_at&limit=100&" + param("updated_at[after]", T0.toString())
                + "&" + param("updated_at[before]", T0.plusSeconds(600).toString())));

        assertThat(field(body.path("vouchers"), "code")).containsExactly("INSIDE", "DISC-1");
        assertThat(body.path("total").asInt()).isEqualTo(2);
        JsonNode gift = body.path("vouchers").get(0);
        assertThat(gift.path("type").asText()).isEqualTo("GIFT_VOUCHER");
        assertThat(gift.path("updated_at").asText()).isEqualTo("2026-11-01T10:01:00.000Z");
        assertThat(gift.path("created_at").asText()).isEqualTo("2026-11-01T09:00:00.000Z");
        assertThat(gift.path("object").asText()).isEqualTo("voucher");
        JsonNode other = body.path("vouchers").get(1);
        assertThat(other.path("id").asText()).isEqualTo(discount.id());
        assertThat(other.path("type").asText()).isEqualTo("DISCOUNT_VOUCHER");
        assertThat(other.path("gift").isNull()).isTrue();
        assertThat(atStart.updatedAt()).isEqualTo(T0);

        JsonNode descending = json(get("/v1/vouchers?order=-updated_at&limit=100&" + param("updated_at[after]",
                T0.minusSeconds(2).toString())));
        assertThat(field(descending.path("vouchers"), "code"))
                .containsExactly("AT-END", "DISC-1", "INSIDE", "AT-START", "BEFORE");
        HttpResponse<String> badDate = get("/v1/vouchers?" + param("updated_at[after]", "yesterday"));
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badDate.body()).path("key").asText()).isEqualTo("invalid_query_params");
    }

    @Test
    void oneVoucherByCodeOrIdInTheSpecsShapeAndUnknownOnesAre404() throws Exception {
        Customer holder = fake.customer("Alice Morgan", "alice@example.com", "de");
        Voucher card = fake.giftCard("GIFT-CARD-xwc6X7Tk", holder);

        JsonNode byCode = json(get("/v1/vouchers/GIFT-CARD-xwc6X7Tk"));
        JsonNode byId = json(get("/v1/vouchers/" + card.id()));

        assertThat(byId).isEqualTo(byCode);
        assertThat(byCode.path("id").asText()).isEqualTo(card.id()).startsWith("v_");
        assertThat(byCode.path("holder_id").asText()).isEqualTo(holder.id());
        assertThat(byCode.path("campaign_id").asText()).startsWith("camp_");
        assertThat(byCode.path("gift").path("effect").asText()).isEqualTo("APPLY_TO_ORDER");
        assertThat(byCode.path("gift").path("balance").asLong()).isZero();
        assertThat(byCode.path("loyalty_card").isNull()).isTrue();
        assertThat(byCode.path("redemption").path("object").asText()).isEqualTo("list");
        assertThat(byCode.path("metadata").isObject()).isTrue();
        assertThat(byCode.path("active").asBoolean()).isTrue();
        for (String field : List.of("campaign", "category", "start_date", "expiration_date", "assets",
                "is_referral_code", "created_at", "updated_at")) {
            assertThat(byCode.has(field)).as(field).isTrue();
        }

        for (String path : List.of("/v1/vouchers/NOPE", "/v1/vouchers/NOPE/transactions")) {
            HttpResponse<String> missing = get(path);
            assertThat(missing.statusCode()).isEqualTo(404);
            JsonNode error = JSON.readTree(missing.body());
            assertThat(error.path("key").asText()).isEqualTo("not_found");
            assertThat(error.path("resource_id").asText()).isEqualTo("NOPE");
            assertThat(error.path("resource_type").asText()).isEqualTo("voucher");
        }
    }

    @Test
    void customersWithTheirLocaleInMetadata() throws Exception {
        Customer withLocale = fake.customer("Alice Morgan", "alice@example.com", "de");
        Customer bare = fake.customer("Bob", null, null);

        JsonNode alice = json(get("/v1/customers/" + withLocale.id()));
        assertThat(alice.path("id").asText()).isEqualTo(withLocale.id()).startsWith("cust_");
        assertThat(alice.path("name").asText()).isEqualTo("Alice Morgan");
        assertThat(alice.path("email").asText()).isEqualTo("alice@example.com");
        assertThat(alice.path("metadata").path("locale").asText()).isEqualTo("de");
        assertThat(alice.path("object").asText()).isEqualTo("customer");
        assertThat(alice.path("created_at").asText()).isNotEmpty();

        JsonNode bob = json(get("/v1/customers/" + bare.id()));
        assertThat(bob.path("email").isNull()).isTrue();
        assertThat(bob.path("metadata").has("locale")).isFalse();

        HttpResponse<String> missing = get("/v1/customers/cust_nobody");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("resource_type").asText()).isEqualTo("customer");
    }

    @Test
    void transactionsPageWithStartingAfterIdInBothOrders() throws Exception {
        Voucher card = fake.giftCard("GIFT-TX", null, T0);
        List<String> ids = IntStream.range(0, 7)
                .mapToObj(i -> fake.transaction(card, "CREDITS_ADDITION", 100, T0.plusSeconds(i)).id()).toList();
        assertThat(ids).isSorted();

        assertThat(readAllTransactions(card, "-id", 3)).containsExactlyElementsOf(reversed(ids));
        assertThat(readAllTransactions(card, "id", 3)).containsExactlyElementsOf(ids);
        assertThat(readAllTransactions(card, "id", 7)).containsExactlyElementsOf(ids);

        JsonNode byDefault = json(get("/v1/vouchers/GIFT-TX/transactions"));
        assertThat(field(byDefault.path("data"), "id")).as("default order -id, limit 10")
                .containsExactlyElementsOf(reversed(ids));
        assertThat(byDefault.path("has_more").asBoolean()).isFalse();
        assertThat(byDefault.path("more_starting_after").isNull()).isTrue();
        assertThat(get("/v1/vouchers/GIFT-TX/transactions?order=created_at").statusCode()).isEqualTo(400);
    }

    /** Follows more_starting_after until has_more is false, checking each page's cursor. */
    private List<String> readAllTransactions(Voucher card, String order, int limit) throws Exception {
        List<String> seen = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 10; pages++) {
            JsonNode body = json(get("/v1/vouchers/" + card.id() + "/transactions?limit=" + limit + "&order=" + order
                    + (after == null ? "" : "&starting_after_id=" + after)));
            assertThat(body.path("object").asText()).isEqualTo("list");
            assertThat(body.path("data_ref").asText()).isEqualTo("data");
            List<String> page = field(body.path("data"), "id");
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            seen.addAll(page);
            if (!body.path("has_more").asBoolean()) {
                assertThat(body.path("more_starting_after").isNull()).isTrue();
                return seen;
            }
            assertThat(page).hasSize(limit);
            after = body.path("more_starting_after").asText();
            assertThat(after).isEqualTo(page.get(page.size() - 1));
        }
        throw new AssertionError("has_more never false");
    }

    @Test
    void aCardsBalanceFollowsItsSignedTransactionsAndCanDrift() throws Exception {
        Voucher card = fake.giftCard("GIFT-BAL", null, T0);
        Transaction added = fake.transaction(card, "CREDITS_ADDITION", 5000, T0.plusSeconds(10));
        fake.transaction(card, "CREDITS_REDEMPTION", -700, T0.plusSeconds(20));
        fake.transaction(card, "CREDITS_REMOVAL", -300, T0.plusSeconds(30));
        Transaction refund = fake.transaction(card, "CREDITS_REFUND", 200, T0.plusSeconds(40));

        JsonNode voucher = json(get("/v1/vouchers/GIFT-BAL"));
        assertThat(voucher.path("gift").path("amount").asLong()).isEqualTo(5000);
        assertThat(voucher.path("gift").path("subtracted_amount").asLong()).isEqualTo(300);
        assertThat(voucher.path("gift").path("balance").asLong()).isEqualTo(4200);
        assertThat(voucher.path("redemption").path("redeemed_amount").asLong()).isEqualTo(500);
        assertThat(voucher.path("updated_at").asText()).isEqualTo("2026-11-01T10:00:40.000Z");
        assertThat(card.balance()).isEqualTo(4200);
        assertThat(refund.balanceAfter()).isEqualTo(4200);

        JsonNode data = json(get("/v1/vouchers/GIFT-BAL/transactions?order=id")).path("data");
        assertThat(field(data, "type"))
                .containsExactly("CREDITS_ADDITION", "CREDITS_REDEMPTION", "CREDITS_REMOVAL", "CREDITS_REFUND");
        List<Long> amounts = new ArrayList<>();
        List<Long> balances = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        data.forEach(t -> {
            JsonNode balance = t.path("details").path("balance");
            amounts.add(balance.path("amount").asLong());
            balances.add(balance.path("balance").asLong());
            totals.add(balance.path("total").asLong());
            assertThat(balance.path("type").asText()).isEqualTo("gift_voucher");
            assertThat(balance.path("object").asText()).isEqualTo("balance");
            assertThat(balance.path("related_object").path("id").asText()).isEqualTo(card.id());
            assertThat(balance.path("related_object").path("type").asText()).isEqualTo("voucher");
            assertThat(t.path("voucher_id").asText()).isEqualTo(card.id());
            assertThat(t.path("campaign_id").asText()).isEqualTo(card.campaignId());
            assertThat(t.has("related_transaction_id")).isTrue();
        });
        assertThat(amounts).containsExactly(5000L, -700L, -300L, 200L);
        assertThat(balances).containsExactly(5000L, 4300L, 4000L, 4200L);
        assertThat(totals).containsExactly(5000L, 5000L, 4700L, 4700L);
        JsonNode first = data.get(0);
        assertThat(first.path("id").asText()).isEqualTo(added.id());
        assertThat(first.path("source").asText()).isEqualTo("API");
        assertThat(first.path("created_at").asText()).isEqualTo("2026-11-01T10:00:10.000Z");
        assertThat(fake.json(added)).isEqualTo(first);

        fake.setBalance(card, 9999);
        assertThat(json(get("/v1/vouchers/GIFT-BAL")).path("gift").path("balance").asLong()).isEqualTo(9999);
        assertThat(fake.transaction(card, "CREDITS_ADDITION", 1, T0.plusSeconds(50)).balanceAfter()).isEqualTo(10000);

        assertThatThrownBy(() -> fake.transaction(card, "CREDITS_ADDITION", -5, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fake.transaction(fake.otherVoucher("D", "DISCOUNT_VOUCHER", T0),
                "CREDITS_ADDITION", 5, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rateLimitsAnswer429WithVoucherifysHeadersThenPass() throws Exception {
        fake.rateLimitNext(2, Duration.ofSeconds(3));
        long before = Instant.now().getEpochSecond();

        HttpResponse<String> first = get("/v1/vouchers");
        HttpResponse<String> second = get("/v1/customers/cust_x");
        HttpResponse<String> third = get("/v1/vouchers");

        for (HttpResponse<String> limited : List.of(first, second)) {
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(limited.headers().firstValue("X-Rate-Limit-Limit")).isPresent();
            assertThat(limited.headers().firstValue("X-Rate-Limit-Remaining")).hasValue("0");
            long retry = Long.parseLong(limited.headers().firstValue("X-Rate-Limit-Retry").orElseThrow());
            assertThat(retry).isBetween(before + 3, Instant.now().getEpochSecond() + 3);
            JsonNode body = JSON.readTree(limited.body());
            assertThat(body.path("code").asInt()).isEqualTo(429);
            assertThat(body.path("key").asText()).isEqualTo("too_many_requests");
            assertThat(body.path("message").asText()).isEqualTo("API limit reached");
        }
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void failuresAnswerTheirStatusWithAJsonBodyInTheOrderTheyWereSet() throws Exception {
        fake.failNext(1, 503);
        fake.failNext(2, 500);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = get("/v1/vouchers");
            statuses.add(response.statusCode());
            if (response.statusCode() >= 500) {
                assertThat(JSON.readTree(response.body()).path("code").asInt()).isEqualTo(response.statusCode());
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/json"));
            }
        }
        assertThat(statuses).containsExactly(503, 500, 500, 200);
    }

    @Test
    void aStalledAnswerOutlastsTheClientsTimeoutAndTheNextOneIsPrompt() throws Exception {
        fake.giftCard("GIFT-STALL", null);
        fake.stallNext(1, Duration.ofSeconds(3));

        assertThatThrownBy(() -> CLIENT.send(authorized("/v1/vouchers/GIFT-STALL").timeout(Duration.ofMillis(300))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
        HttpResponse<String> next = CLIENT.send(authorized("/v1/vouchers/GIFT-STALL").timeout(Duration.ofSeconds(2))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(fake.requests()).hasSize(2);
    }

    @Test
    void theRequestLogHoldsMethodPathDecodedQueryAndStatus() throws Exception {
        Instant before = Instant.now();
        get("/v1/vouchers?limit=100&page=2&" + param("updated_at[after]", "2026-11-01T10:00:00Z"));
        get("/v1/vouchers/NOPE");
        send(authorized("/v1/vouchers").method("POST", HttpRequest.BodyPublishers.ofString("{}")).build());

        List<FakeVoucherify.Request> log = fake.requests();
        assertThat(log).hasSize(3);
        FakeVoucherify.Request list = log.get(0);
        assertThat(list.method()).isEqualTo("GET");
        assertThat(list.path()).isEqualTo("/v1/vouchers");
        assertThat(list.query()).containsEntry("limit", "100").containsEntry("page", "2")
                .containsEntry("updated_at[after]", "2026-11-01T10:00:00Z");
        assertThat(list.appId()).isEqualTo(APP_ID);
        assertThat(list.tokenMatched()).isTrue();
        assertThat(list.receivedAt()).isBetween(before, Instant.now());
        assertThat(list.status()).isEqualTo(200);
        assertThat(log).extracting(FakeVoucherify.Request::status).containsExactly(200, 404, 405);
        assertThat(log.get(2).method()).isEqualTo("POST");
    }

    // ------------------------------------------------------------------ helpers

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(fake.url() + pathAndQuery)).timeout(Duration.ofSeconds(10));
    }

    private HttpRequest.Builder authorized(String pathAndQuery) {
        return request(pathAndQuery).header("X-App-Id", APP_ID).header("X-App-Token", APP_TOKEN);
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(authorized(pathAndQuery).build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The field of each item of a JSON array (not of nested objects). */
    private static List<String> field(JsonNode array, String name) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.path(name).asText()));
        return values;
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    private static String param(String name, String value) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
