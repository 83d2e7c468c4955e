package com.example.giftcards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;

import javax.sql.DataSource;

import com.example.giftcards.routecheck.RouteFileCheck;
import com.example.giftcards.support.Eventually;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.FreePort;
import com.example.giftcards.support.Http;
import com.example.giftcards.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The default run: no broker, database or mail server configured. Everything embedded comes up, a signed sample
 * produces all three outcomes, and a person can see them (the broker over TCP, the caught email over HTTP).
 * Also checks what Actuator exposes, and that live edits (ROUTES_RELOAD) are off.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // tests switch metrics export off unless asked
@DirtiesContext
class EmbeddedDefaultsTest {

    private static int brokerPort;
    private static Path dataDir;

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("erpDataSource")
    DataSource erpDataSource;

    @Autowired
    @Qualifier("stateDataSource")
    DataSource stateDataSource;

    @Autowired
    @Qualifier("keysTransactionManager")
    DataSourceTransactionManager keysTransactions;

    private Http http;

    @Autowired
    CamelContext camel;

    @Autowired
    ApplicationContext beans;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @DynamicPropertySource
    static void onlyPortsAndDataDir(DynamicPropertyRegistry registry) throws Exception {
        dataDir = Files.createTempDirectory("gift-defaults");
        brokerPort = FreePort.pick();
        registry.add("DATA_DIR", dataDir::toString);
        registry.add("gift.broker.embedded-tcp-url", () -> "tcp://localhost:" + brokerPort);
        int smtpPort = FreePort.pick();
        registry.add("SMTP_PORT", () -> smtpPort);
        // The environment of a PostgreSQL CI pass must not turn this into a test of PostgreSQL.
        registry.add("gift.keys-db.url", () -> "jdbc:h2:file:" + dataDir.resolve("keys") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("gift.erp-db.url", () -> "jdbc:h2:file:" + dataDir.resolve("erp") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0");
    }

    @Test
    void aSignedSampleProducesAllThreeOutcomesWithNothingInstalled() throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        byte[] body = Fixtures.compact(envelope);

        HttpResponse<String> response = new Webhooks(port, "dev-secret-not-for-production").post(body);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode queued = await().atMost(Duration.ofSeconds(10)).until(() -> devQueueEntry("evcus_" + id), e -> e != null);
        assertThat(queued.at("/properties/transactionId").asText()).isEqualTo("vtx_" + id);
        assertThat(queued.get("body").asText()).isEqualTo(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        JmsTemplate subscriber = new JmsTemplate(new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort));
        subscriber.setReceiveTimeout(10_000);
        assertThat(subscriber.receiveSelected("voucherify.gift.balance_added", "eventId = 'evcus_" + id + "'")).isNotNull();
        new Eventually(new JdbcTemplate(erpDataSource)).ledgerRow("vtx_" + id);
        assertThat(http.get("/dev/erp/gift-card-transactions").body()).contains("vtx_" + id);
        assertThat(http.get("/dev/erp/gift-card-balances").body()).contains("v_" + id);
        JsonNode mail = await().atMost(Duration.ofSeconds(30)).until(() -> caughtMailTo(Fixtures.emailOf(id)), m -> m != null);
        assertThat(mail.get("subject").asText()).isEqualTo("Your gift card has been topped up with €4.00 (new balance €159.00)");
        assertThat(mail.get("text").asText()).contains("€159.00", "Gift-for-you-0");
        assertThat(mail.get("content_language").asText()).isEqualTo("en");
        HttpResponse<String> html = http.get(mail.get("html_url").asText());
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("<strong>€4.00</strong>", "€159.00");
    }

    /**
     * Given an H2 file of their own (gift.keys-db.url, set above as an operator would), the idempotency keys live there:
     * the intake's key commit never waits for H2's lock on the state file, which the email leg's send markers and the
     * journal commit to. (Not the default: a third H2 file ran an 80 MB heap out, see application.yaml.)
     */
    @Test
    void theIdempotencyKeysHaveAnH2FileOfTheirOwn() throws Exception {
        String id = Fixtures.unique();
        byte[] body = Fixtures.compact(Fixtures.distribution(id));
        Webhooks webhooks = new Webhooks(port, "dev-secret-not-for-production");

        assertThat(webhooks.post(body).statusCode()).isEqualTo(202);
        assertThat(webhooks.post(body).statusCode()).as("the repeat").isEqualTo(200);

        String keyQuery = "SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId LIKE ?";
        try (Connection connection = keysTransactions.getDataSource().getConnection()) {
            assertThat(connection.getMetaData().getURL()).contains(dataDir.resolve("keys").toString());
        }
        assertThat(new JdbcTemplate(keysTransactions.getDataSource()).queryForObject(keyQuery, Integer.class, "%evcus_" + id))
                .as("the key, in the keys' file").isEqualTo(1);
        assertThat(new JdbcTemplate(stateDataSource).queryForObject(keyQuery, Integer.class, "%evcus_" + id))
                .as("the key, in the state file").isZero();
    }

    @Test
    void actuatorExposesHealthInfoAndPrometheusOnly() {
        assertThat(http.get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(http.get("/actuator/info").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = http.get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("camel_exchanges_total");
        for (String hidden : new String[] {"/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump"}) {
            assertThat(http.get(hidden).statusCode()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void anUnknownPathGetsTheSameJsonErrorShape() {
        HttpResponse<String> response = http.get("/no/such/thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Fixtures.parse(response.body()).at("/error/code").asText()).isEqualTo("not_found");
    }

    @Test
    void adminEndpointsAreOffWithoutAToken() {
        HttpResponse<String> response = http.get("/admin/dead-letters/erp");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Fixtures.parse(response.body()).at("/error/code").asText()).isEqualTo("admin_disabled");
    }

    @Test
    void liveEditsAreOffWithoutRoutesReload() {
        assertThat(camel.hasService(RouteWatcherReloadStrategy.class)).as("Camel's file watcher").isNull();
        assertThat(beans.getBeansOfType(RouteFileCheck.class)).as("the checks of edits").isEmpty();
    }

    private JsonNode devQueueEntry(String eventId) {
        for (JsonNode message : Fixtures.parse(http.get("/dev/queues/voucherify.gift.balance_added").body())) {
            if (eventId.equals(message.at("/properties/eventId").asText())) {
                return message;
            }
        }
        return null;
    }

    private JsonNode caughtMailTo(String recipient) {
        for (JsonNode mail : Fixtures.parse(http.get("/dev/mailbox").body())) {
            if (recipient.equals(mail.get("to").asText())) {
                return mail;
            }
        }
        return null;
    }
}
