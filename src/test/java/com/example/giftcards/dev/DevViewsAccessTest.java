package com.example.giftcards.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.example.giftcards.support.Fixtures;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dev views of the embedded setup (where they exist) answer the loopback interface, or the admin token; any other
 * client gets the 404 of a path that does not exist. "Another client" is this machine through one of its
 * non-loopback addresses: the server listens on all interfaces, so such a connection arrives from that address.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DevViewsAccessTest {

    private static final String ADMIN_TOKEN = "dev-views-test-token";
    private static final List<String> DEV_VIEWS = List.of("/dev/mailbox", "/dev/queues/voucherify.gift.balance_added",
            "/dev/erp/gift-card-balances", "/dev/erp/gift-card-transactions");

    private static String otherAddress;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void embeddedSetupWithAnAdminToken(DynamicPropertyRegistry registry) throws Exception {
        Path dataDir = Files.createTempDirectory("gift-dev-views");
        int brokerPort = freePort();
        int smtpPort = freePort();
        registry.add("DATA_DIR", dataDir::toString);
        registry.add("gift.broker.embedded-tcp-url", () -> "tcp://localhost:" + brokerPort);
        registry.add("SMTP_PORT", () -> smtpPort);
        // The environment of a PostgreSQL CI pass must not turn this into a setup without dev views.
        registry.add("gift.erp-db.url", () -> "jdbc:h2:file:" + dataDir.resolve("erp") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0");
        registry.add("ADMIN_TOKEN", () -> ADMIN_TOKEN);
    }

    @BeforeAll
    static void aNonLoopbackAddressOfThisMachine() throws SocketException {
        List<String> found = new ArrayList<>();
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()
                        && !address.isLinkLocalAddress()).map(InetAddress::getHostAddress).forEach(found::add);
            }
        }
        if (found.isEmpty()) {
            throw new AssertionError("This test needs a non-loopback IPv4 address on a local network interface, to reach "
                    + "the application as a client other than loopback; this machine has none (interfaces: "
                    + NetworkInterface.networkInterfaces().map(NetworkInterface::getName).toList() + ")");
        }
        otherAddress = found.get(0);
    }

    @Test
    void throughLoopbackTheDevViewsAnswer() {
        for (String view : DEV_VIEWS) {
            assertThat(get("127.0.0.1", view, Map.of()).statusCode()).as(view).isEqualTo(200);
        }
    }

    @Test
    void throughIpv6LoopbackTheDevViewsAnswer() {
        assertThat(get("[::1]", "/dev/mailbox", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void fromAnotherAddressTheDevViewsDoNotExist() {
        HttpResponse<String> unknownPath = get(otherAddress, "/no/such/thing", Map.of());
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(Fixtures.parse(unknownPath.body()).at("/error/code").asText()).isEqualTo("not_found");

        List<String> paths = new ArrayList<>(DEV_VIEWS);
        paths.addAll(List.of("/dev/mailbox/0/html", "/dev", "/dev/", "/dev/no-such-view", "/dev;x=1/mailbox", "/%64ev/mailbox",
                "/x/../dev/mailbox"));
        for (String path : paths) {
            // compared with the same path outside /dev: Spring's answer depends on its shape (an extension adds a header)
            String elsewhere = path.replaceFirst("/(dev|%64ev)", "/elsewhere");
            assertIndistinguishable(get(otherAddress, path, Map.of()), get(otherAddress, elsewhere, Map.of()), path);
        }
        // Not even a method a view does not support tells a view is there.
        for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS", "HEAD")) {
            assertIndistinguishable(send(method, otherAddress, "/dev/mailbox", Map.of()),
                    send(method, otherAddress, "/elsewhere/mailbox", Map.of()), method);
        }
    }

    @Test
    void fromAnotherAddressTheAdminTokenOpensTheDevViews() {
        for (String view : DEV_VIEWS) {
            assertThat(get(otherAddress, view, Map.of("Authorization", "Bearer " + ADMIN_TOKEN)).statusCode()).as(view).isEqualTo(200);
            assertThat(get(otherAddress, view, Map.of("Authorization", "bearer " + ADMIN_TOKEN)).statusCode()).as(view).isEqualTo(200);
        }
        for (String wrong : List.of("Bearer " + ADMIN_TOKEN + "x", "Bearer " + ADMIN_TOKEN.substring(1), "Bearer ", ADMIN_TOKEN,
                "Basic " + ADMIN_TOKEN)) {
            assertThat(get(otherAddress, "/dev/mailbox", Map.of("Authorization", wrong)).statusCode()).as(wrong).isEqualTo(404);
        }
    }

    @Test
    void forwardedHeadersAreNotTrusted() {
        assertThat(get(otherAddress, "/dev/mailbox", Map.of("X-Forwarded-For", "127.0.0.1")).statusCode()).isEqualTo(404);
        assertThat(get(otherAddress, "/dev/mailbox", Map.of("Forwarded", "for=127.0.0.1")).statusCode()).isEqualTo(404);
        // Through a proxy or tunnel on this machine (the connection comes from loopback), a request is not local.
        assertThat(get("127.0.0.1", "/dev/mailbox", Map.of("X-Forwarded-For", "203.0.113.7")).statusCode()).isEqualTo(404);
        assertThat(get("127.0.0.1", "/dev/mailbox", Map.of("X-Forwarded-For", "203.0.113.7", "Authorization", "Bearer " + ADMIN_TOKEN))
                .statusCode()).isEqualTo(200);
    }

    private static void assertIndistinguishable(HttpResponse<String> response, HttpResponse<String> unknownPath, String what) {
        assertThat(unknownPath.statusCode()).as(what).isEqualTo(404);
        assertThat(response.statusCode()).as(what).isEqualTo(unknownPath.statusCode());
        assertThat(response.body()).as(what).isEqualTo(unknownPath.body());
        assertThat(headersButDate(response)).as(what).isEqualTo(headersButDate(unknownPath));
    }

    private static Map<String, List<String>> headersButDate(HttpResponse<String> response) {
        Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
        headers.remove("date");
        return headers;
    }

    private HttpResponse<String> get(String host, String path, Map<String, String> headers) {
        return send("GET", host, path, headers);
    }

    private HttpResponse<String> send(String method, String host, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + host + path, e);
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
