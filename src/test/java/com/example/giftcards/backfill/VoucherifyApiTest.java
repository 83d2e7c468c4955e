package com.example.giftcards.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** A 429's wait as Voucherify says it, and a failure told in words an operator can act on, without the token. */
class VoucherifyApiTest {

    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

    @Test
    void retryAfterSecondsWinThenTheResetTimeThenNothing() {
        assertThat(VoucherifyApi.retryAfter(Map.of("retry-after", "7"), NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(VoucherifyApi.retryAfter(Map.of("X-Rate-Limit-Retry", String.valueOf(NOW.getEpochSecond() + 12)), NOW))
                .isEqualTo(Duration.ofSeconds(12));
        assertThat(VoucherifyApi.retryAfter(Map.of("X-Rate-Limit-Retry", String.valueOf(NOW.getEpochSecond() - 5)), NOW)).isZero();
        assertThat(VoucherifyApi.retryAfter(Map.of("Retry-After", "soon"), NOW)).isZero();
        assertThat(VoucherifyApi.retryAfter(Map.of(), NOW)).isZero();
        assertThat(VoucherifyApi.retryAfter(Map.of("Retry-After", "86400"), NOW)).isEqualTo(VoucherifyApi.MAX_WAIT);
    }

    @Test
    void failuresAreToldWithTheirCauseAndNeverTheQuery() {
        String uri = "https://api.voucherify.io/v1/vouchers/GIFT-1/transactions?limit=100&starting_after_id=vtx_1";
        assertThat(VoucherifyApi.describe(new HttpOperationFailedException(uri, 401, "Unauthorized", null, Map.of(), "{}")))
                .contains("401", "VOUCHERIFY_APP_ID", "VOUCHERIFY_APP_TOKEN", "GET /v1/vouchers/GIFT-1/transactions")
                .doesNotContain("starting_after_id");
        assertThat(VoucherifyApi.describe(new HttpOperationFailedException(uri, 429, "Too Many", null, Map.of(), "{}")))
                .contains("429", "VOUCHERIFY_API_MAX_PER_MINUTE");
        assertThat(VoucherifyApi.describe(new HttpOperationFailedException(uri, 502, "Bad Gateway", null, Map.of(), "{}")))
                .contains("502", "after every retry");
        assertThat(VoucherifyApi.describe(new RuntimeException(new SocketTimeoutException("Read timed out"))))
                .contains("did not answer in time");
    }
}
