package com.example.giftcards.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.example.giftcards.support.FakeVoucherify;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Voucherify's API misbehaving, and our own limits: 429s waited out, 5xx and timeouts retried, wrong credentials
 * failing the run with a reason, the cap on our calls, and a voucher list longer than Voucherify serves (here one page
 * of 100 at most, so that a window of 150 cards must be split).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillFaultsTest extends IntegrationTest {

    static final FakeVoucherify VOUCHERIFY = FakeVoucherify.start("app-faults", "token-faults-secret");
    static final int CAP = 30;
    static final Duration CAP_PERIOD = Duration.ofSeconds(2);

    @DynamicPropertySource
    static void voucherify(DynamicPropertyRegistry registry) {
        registry.add("VOUCHERIFY_API_URL", VOUCHERIFY::url);
        registry.add("VOUCHERIFY_APP_ID", () -> "app-faults");
        registry.add("VOUCHERIFY_APP_TOKEN", () -> "token-faults-secret");
        registry.add("VOUCHERIFY_API_MAX_PER_MINUTE", () -> String.valueOf(CAP));
        registry.add("gift.voucherify.rate-period-ms", () -> String.valueOf(CAP_PERIOD.toMillis()));
        registry.add("gift.voucherify.max-page", () -> "1");
        registry.add("camel.component.http.response-timeout", () -> "1000");
        registry.add("camel.component.http.so-timeout", () -> "1000");
        registry.add("GIFT_BACKFILL_EVERY", () -> "0");
    }

    private BackfillClient backfill;

    @BeforeEach
    void client() {
        backfill = new BackfillClient(http);
    }


    private FakeVoucherify.Transaction oneTopUp(Instant t0) {
        return VOUCHERIFY.transaction(VOUCHERIFY.giftCard("BF-F-" + Fixtures.unique(), null), "CREDITS_ADDITION", 1500, t0.plusSeconds(1));
    }

    @Test
    @Order(1)
    void a429IsWaitedOutAsVoucherifySays() {
        Instant t0 = BackfillClient.window();
        FakeVoucherify.Transaction topUp = oneTopUp(t0);
        int before = VOUCHERIFY.requests().size();
        VOUCHERIFY.rateLimitNext(1, Duration.ofSeconds(2));

        JsonNode report = backfill.run(t0, t0.plusSeconds(50));

        assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("done");
        eventually.ledgerRow(topUp.id());
        List<FakeVoucherify.Request> calls = VOUCHERIFY.requests().subList(before, VOUCHERIFY.requests().size());
        assertThat(calls.get(0).status()).isEqualTo(429);
        assertThat(Duration.between(calls.get(0).receivedAt(), calls.get(1).receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(calls.get(1).path()).isEqualTo(calls.get(0).path());
    }

    @Test
    @Order(2)
    void aCallWithoutAnswerInTimeIsRetried() {
        Instant t0 = BackfillClient.window();
        FakeVoucherify.Transaction topUp = oneTopUp(t0);
        VOUCHERIFY.stallNext(1, Duration.ofSeconds(3));     // longer than the response timeout (1 s here)

        JsonNode report = backfill.run(t0, t0.plusSeconds(50));

        assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("done");
        assertThat(report.path("transactions_booked").asInt()).isEqualTo(1);
        eventually.ledgerRow(topUp.id());
    }

    @Test
    @Order(2)
    void serverErrorsAreRetried() {
        Instant t0 = BackfillClient.window();
        FakeVoucherify.Transaction topUp = oneTopUp(t0);
        int before = VOUCHERIFY.requests().size();
        VOUCHERIFY.failNext(2, 503);

        JsonNode report = backfill.run(t0, t0.plusSeconds(50));

        assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("done");
        assertThat(report.path("transactions_booked").asInt()).isEqualTo(1);
        eventually.ledgerRow(topUp.id());
        List<FakeVoucherify.Request> calls = VOUCHERIFY.requests().subList(before, VOUCHERIFY.requests().size());
        assertThat(calls.subList(0, 2)).allMatch(call -> call.status() == 503);
    }

    @Test
    @Order(2)
    void wrongCredentialsFailTheRunWithAReasonAndNoSecret() {
        Instant t0 = BackfillClient.window();
        oneTopUp(t0);
        VOUCHERIFY.failNext(1, 401);

        JsonNode report = backfill.run(t0, t0.plusSeconds(50));

        assertThat(report.path("status").asText()).isEqualTo("failed");
        assertThat(report.path("error").asText()).contains("401", "VOUCHERIFY_APP_ID", "VOUCHERIFY_APP_TOKEN")
                .doesNotContain("token-faults-secret");
        assertThat(report.path("transactions_booked").asInt()).isZero();
    }

    @Test
    @Order(3)   // last: every later run would examine its 150 cards
    void aWindowLongerThanVoucherifyServesIsSplitAndOurCapHolds() {
        Instant t0 = BackfillClient.window();
        Instant changed = Instant.now().minusSeconds(60);
        for (int i = 0; i < 150; i++) {
            VOUCHERIFY.giftCard("BF-S" + i + "-" + Fixtures.unique(), null, changed.plusMillis(100L * i));
        }
        FakeVoucherify.Transaction topUp = oneTopUp(t0);
        int before = VOUCHERIFY.requests().size();

        JsonNode report = backfill.run(t0, t0.plusSeconds(50));

        assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("done");
        assertThat(report.path("vouchers_checked").asInt()).isGreaterThanOrEqualTo(151);
        eventually.ledgerRow(topUp.id());
        List<FakeVoucherify.Request> calls = VOUCHERIFY.requests().subList(before, VOUCHERIFY.requests().size());
        assertThat(calls).noneMatch(call -> call.status() == 400);            // never a page Voucherify does not serve
        assertThat(calls).filteredOn(call -> call.path().equals("/v1/vouchers"))
                .allMatch(call -> "1".equals(call.query().get("page")));
        // our cap: never more than CAP calls in any CAP_PERIOD
        for (int i = CAP; i < calls.size(); i++) {
            assertThat(Duration.between(calls.get(i - CAP).receivedAt(), calls.get(i).receivedAt()))
                    .as("calls %d to %d", i - CAP, i).isGreaterThanOrEqualTo(CAP_PERIOD.minusMillis(100));
        }
    }
}
