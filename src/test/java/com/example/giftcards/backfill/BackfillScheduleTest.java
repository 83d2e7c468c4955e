package com.example.giftcards.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.example.giftcards.support.FakeVoucherify;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With the API configured, the schedule heals an outage by itself: the first run covers GIFT_BACKFILL_EVERY plus the
 * overlap back from now, and no second run starts before the next one is due.
 */
class BackfillScheduleTest extends IntegrationTest {

    static final FakeVoucherify VOUCHERIFY = FakeVoucherify.start("app-schedule", "token-schedule");
    static final FakeVoucherify.Transaction MISSED;

    static {
        FakeVoucherify.Voucher card = VOUCHERIFY.giftCard("BF-SCHED-" + Fixtures.unique(), null);
        MISSED = VOUCHERIFY.transaction(card, "CREDITS_ADDITION", 1200, Instant.now().minus(Duration.ofMinutes(90)));
    }

    @DynamicPropertySource
    static void voucherify(DynamicPropertyRegistry registry) {
        registry.add("VOUCHERIFY_API_URL", VOUCHERIFY::url);
        registry.add("VOUCHERIFY_APP_ID", () -> "app-schedule");
        registry.add("VOUCHERIFY_APP_TOKEN", () -> "token-schedule");
        registry.add("GIFT_BACKFILL_EVERY", () -> "PT1H");    // with the overlap (1 h): the last two hours
        registry.add("gift.backfill.check-every-ms", () -> "300");
    }

    @Autowired
    @Qualifier("stateDataSource")
    javax.sql.DataSource stateDataSource;

    @Test
    void theFirstScheduledRunBooksWhatTheLastHoursMissedAndTheNextWaits() {
        JdbcTemplate state = new JdbcTemplate(stateDataSource);

        assertThat(eventually.ledgerRow(MISSED.id())).containsEntry("AMOUNT", 1200L);
        List<Map<String, Object>> runs = await().atMost(Duration.ofSeconds(60))
                .until(() -> state.queryForList("SELECT * FROM backfill_run"), r -> r.size() == 1 && "done".equals(r.get(0).get("STATUS")));
        assertThat(runs.get(0)).containsEntry("TRIGGER_KIND", "schedule").containsEntry("TRANSACTIONS_BOOKED", 1);
        // The schedule looks every 300 ms; the next run is due in an hour
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> state.queryForObject("SELECT COUNT(*) FROM backfill_run", Long.class), count -> count == 1);
    }
}
