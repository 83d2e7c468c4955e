package com.example.giftcards.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.Http;
import com.example.giftcards.support.IntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/** The operator's side of a backfill: POST /admin/backfill, GET /admin/backfill/{runId}, the event journal. */
final class BackfillClient {

    private static final Instant BASE = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
    private static final AtomicInteger WINDOWS = new AtomicInteger();

    private final Http http;

    /**
     * A window of a test's own: its start, a whole minute after the last one's, hours ago. The test's transactions lie
     * at +1 s ... +50 s, so that a run over it books that test's transactions only (it looks at every card, though).
     */
    static Instant window() {
        return BASE.plus(Duration.ofMinutes(WINDOWS.incrementAndGet()));
    }

    BackfillClient(Http http) {
        this.http = http;
    }

    HttpResponse<String> start(Instant since, Instant until) {
        String body = until == null ? "{\"since\":\"" + since + "\"}" : "{\"since\":\"" + since + "\",\"until\":\"" + until + "\"}";
        return request(body, "Bearer " + IntegrationTest.ADMIN_TOKEN);
    }

    HttpResponse<String> request(String body, String authorization) {
        return http.send("POST", "/admin/backfill", HttpRequest.BodyPublishers.ofString(body),
                "Content-Type", "application/json", "Authorization", authorization);
    }

    /** Starts a run and waits for its end: its final report. */
    JsonNode run(Instant since, Instant until) {
        HttpResponse<String> started = start(since, until);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode answer = Fixtures.parse(started.body());
        assertThat(answer.path("status").asText()).isEqualTo("running");
        return finished(answer.path("run_id").asText());
    }

    JsonNode report(String runId) {
        HttpResponse<String> report = http.send("GET", "/admin/backfill/" + runId, HttpRequest.BodyPublishers.noBody(),
                "Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        return Fixtures.parse(report.body());
    }

    JsonNode finished(String runId) {
        return await("backfill run " + runId).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> report(runId), report -> !"running".equals(report.path("status").asText()));
    }

    /** The journal of an event (GET /admin/events/{eventId}), or null while the intake has not recorded it. */
    JsonNode journal(String eventId) {
        HttpResponse<String> answer = http.send("GET", "/admin/events/" + eventId, HttpRequest.BodyPublishers.noBody(),
                "Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN);
        return answer.statusCode() == 200 ? Fixtures.parse(answer.body()) : null;
    }

    /** The email leg's outcome of an event, once it has one other than pending. */
    JsonNode emailOutcome(String eventId) {
        return await("the email leg's outcome of " + eventId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode journal = journal(eventId);
                    return journal == null ? null : journal.path("legs").path("email");
                }, email -> email != null && !email.isMissingNode() && !"pending".equals(email.path("outcome").asText()));
    }
}
