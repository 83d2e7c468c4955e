package com.example.giftcards.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.example.giftcards.support.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;

/** With no ADMIN_TOKEN the admin endpoints are off: the method is still checked first (405), then 404 for any token. */
@TestPropertySource(properties = "gift.admin.token=")
class AdminOffTest extends IntegrationTest {

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String[] endpoint : new String[][] {{"/admin/dead-letters/erp", "GET"}, {"/admin/dead-letters/erp/replay", "POST"}}) {
            for (String method : HttpCheckOrderTest.METHODS) {
                for (String token : List.of("none", "any")) {
                    cases.add(Arguments.of(endpoint[0], endpoint[1], method, token, method.equals(endpoint[1]) ? 404 : 405));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{2} {0} token={3} -> {4}")
    @MethodSource("cases")
    void adminIsOff(String path, String allowed, String method, String token, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (token.equals("any")) {
            request.header("Authorization", "Bearer " + ADMIN_TOKEN);
        }

        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());

        HttpCheckOrderTest.assertAnswer(response, status, allowed);
        if (status == 404) {
            assertThat(HttpCheckOrderTest.code(response)).isEqualTo("admin_disabled");
        }
    }
}
