package com.example.giftcards.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.example.giftcards.intake.WebhookSignature;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint checks a request in the documented order (docs/http-answers.md): the method (405), then for the
 * admin endpoints the token (401), then - only where a body is read - the content type and the body (415, 413, 400).
 * Table-driven over method x content type x token x empty/non-empty body: each combination gets the status of the
 * first check it fails, with a JSON error body. An empty body is not a form; a body an endpoint does not read does
 * not matter, whatever its content type says.
 */
class HttpCheckOrderTest extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    static final List<String> CONTENT_TYPES = List.of("none", "application/json", "application/json; charset=utf-8",
            "application/x-www-form-urlencoded", "text/plain");
    static final List<String> TOKENS = List.of("none", "wrong", "right");
    static final List<Boolean> BODIES = List.of(false, true);

    static Stream<Arguments> webhookCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String method : METHODS) {
            for (String contentType : CONTENT_TYPES) {
                for (boolean withBody : BODIES) {
                    int status = !method.equals("POST") ? 405
                            : !contentType.startsWith("application/json") ? 415
                            : !withBody ? 400
                            : 202;
                    cases.add(Arguments.of(method, contentType, withBody, status));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} body={2} -> {3}")
    @MethodSource("webhookCases")
    void webhook(String method, String contentType, boolean withBody, int status) throws Exception {
        byte[] body = withBody ? Fixtures.compact(Fixtures.distribution(Fixtures.unique())) : new byte[0];

        HttpResponse<String> response = send(method, "/webhooks/voucherify", contentType, body, null,
                WebhookSignature.sign(SECRET, body));

        assertAnswer(response, status, "POST");
        if (status != 202) {
            assertThat(code(response)).isEqualTo(switch (status) {
                case 405 -> "method_not_allowed";
                case 415 -> "unsupported_media_type";
                default -> "empty_body";
            });
        }
    }

    static Stream<Arguments> adminCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String[] endpoint : new String[][] {{"/admin/dead-letters/erp", "GET"}, {"/admin/dead-letters/email/replay?eventId=nothing-parked", "POST"}}) {
            for (String method : METHODS) {
                for (String contentType : CONTENT_TYPES) {
                    for (String token : TOKENS) {
                        for (boolean withBody : BODIES) {
                            int status = !method.equals(endpoint[1]) ? 405 : !token.equals("right") ? 401 : 200;
                            cases.add(Arguments.of(endpoint[0], endpoint[1], method, contentType, token, withBody, status));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{2} {0} {3} token={4} body={5} -> {6}")
    @MethodSource("adminCases")
    void admin(String path, String allowed, String method, String contentType, String token, boolean withBody, int status)
            throws Exception {
        byte[] body = withBody ? "a=1&b=2".getBytes(StandardCharsets.UTF_8) : new byte[0];

        HttpResponse<String> response = send(method, path, contentType, body,
                switch (token) {
                    case "right" -> ADMIN_TOKEN;
                    case "wrong" -> ADMIN_TOKEN + "-not";
                    default -> null;
                }, null);

        assertAnswer(response, status, allowed);
        if (status == 401) {
            assertThat(code(response)).isEqualTo("admin_unauthorized");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
    }

    static void assertAnswer(HttpResponse<String> response, int status, String allowed) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode answer = Fixtures.parse(response.body());
        if (status >= 400) {
            assertThat(answer.at("/error/code").asText()).isNotBlank();
            assertThat(answer.at("/error/message").asText()).isNotBlank();
        }
        if (status == 405) {
            assertThat(code(response)).isEqualTo("method_not_allowed");
            assertThat(response.headers().firstValue("Allow")).hasValue(allowed);
        }
    }

    static String code(HttpResponse<String> response) {
        return Fixtures.parse(response.body()).at("/error/code").asText();
    }

    HttpResponse<String> send(String method, String path, String contentType, byte[] body, String token, String signature)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (!contentType.equals("none")) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
