package com.example.giftcards.backfill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The backfill's settings (gift.voucherify.* and gift.backfill.* in application.yaml). The app id and token are the
 * switch: without both, no run starts, by request or by schedule. The token is only ever put on a request header.
 */
@Component
public class BackfillSettings {

    private final String appId;
    private final String appToken;
    private final Duration emailMaxAge;
    private final Duration every;
    private final Duration overlap;
    private final Duration settleTimeout;

    public BackfillSettings(@Value("${gift.voucherify.app-id}") String appId,
                            @Value("${gift.voucherify.app-token}") String appToken,
                            @Value("${gift.backfill.email-max-age}") Duration emailMaxAge,
                            @Value("${gift.backfill.every}") Duration every,
                            @Value("${gift.backfill.overlap}") Duration overlap,
                            @Value("${gift.backfill.settle-timeout}") Duration settleTimeout) {
        this.appId = appId == null ? "" : appId.trim();
        this.appToken = appToken == null ? "" : appToken.trim();
        this.emailMaxAge = emailMaxAge;
        this.every = every;
        // At least an hour: a transaction that reached Voucherify's API late (clock skew, a slow commit) is still seen.
        this.overlap = overlap.compareTo(Duration.ofHours(1)) < 0 ? Duration.ofHours(1) : overlap;
        this.settleTimeout = settleTimeout;
    }

    /** The settings a run needs that are not set, by their environment variable's name. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (appId.isEmpty()) {
            missing.add("VOUCHERIFY_APP_ID");
        }
        if (appToken.isEmpty()) {
            missing.add("VOUCHERIFY_APP_TOKEN");
        }
        return missing;
    }

    /** For the request headers only (VoucherifyApi): never logged. */
    String appId() {
        return appId;
    }

    String appToken() {
        return appToken;
    }

    public boolean configured() {
        return missing().isEmpty();
    }

    public Duration emailMaxAge() {
        return emailMaxAge;
    }

    /** Zero or negative: no scheduled runs. */
    public Duration every() {
        return every;
    }

    public boolean scheduled() {
        return configured() && !every.isZero() && !every.isNegative();
    }

    public Duration overlap() {
        return overlap;
    }

    public Duration settleTimeout() {
        return settleTimeout;
    }
}
