package com.example.giftcards.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Without Voucherify's app id and token (the tests' default) the backfill is off, and says which settings it lacks. */
class BackfillOffTest extends IntegrationTest {

    @Test
    void askingForARunNamesTheMissingSettings() {
        HttpResponse<String> answer = new BackfillClient(http).start(java.time.Instant.parse("2026-12-01T00:00:00Z"), null);

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode error = Fixtures.parse(answer.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("backfill_off");
        assertThat(error.path("message").asText()).contains("VOUCHERIFY_APP_ID", "VOUCHERIFY_APP_TOKEN");
    }
}
