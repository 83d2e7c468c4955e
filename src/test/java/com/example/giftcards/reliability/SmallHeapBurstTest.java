package com.example.giftcards.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.example.giftcards.support.AppProcess;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.FreePort;
import com.example.giftcards.support.Webhooks;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A large burst on the embedded defaults (in-process broker, H2 files, embedded SMTP catcher) with a small heap: the
 * process stays up and every event reaches the ERP, the public queue and the SMTP server exactly once. The backlog
 * must wait on disk, not in the heap: the broker pages its queues to KahaDB beyond its memory limit, and the
 * catcher keeps only the most recent emails (an unbounded one used to run such a burst out of heap).
 */
class SmallHeapBurstTest {

    private static final String SECRET = "small-heap-secret";
    private static final int EVENTS = 2_000;
    private static final String HEAP = "-Xmx80m";

    private AppProcess app;

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.destroy();
        }
    }

    @Test
    void aBurstWithASmallHeapIsAbsorbedWithNothingLostOrDoubled() throws Exception {
        Path work = Files.createTempDirectory("small-heap-burst");
        Path data = work.resolve("data");
        Path log = work.resolve("app.log");
        int port = FreePort.pick();
        String brokerUrl = "tcp://127.0.0.1:" + FreePort.pick();
        Map<String, String> env = Map.of(
                "SERVER_PORT", String.valueOf(port),
                "DATA_DIR", data.toString(),
                "VOUCHERIFY_WEBHOOK_SECRET", SECRET,
                "SMTP_PORT", String.valueOf(FreePort.pick()),
                "GIFT_BROKER_EMBEDDED_TCP_URL", brokerUrl);
        app = AppProcess.start(env, log, HEAP);

        List<String> ids = sendBurst(new Webhooks(port, SECRET));

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> legOutcomes("erp", "done") >= EVENTS && legOutcomes("email", "sent") >= EVENTS);
        assertThat(legOutcomes("erp", "done")).as("ERP updates").isEqualTo(EVENTS);
        assertThat(legOutcomes("email", "sent")).as("emails accepted by the SMTP server").isEqualTo(EVENTS);
        assertThat(legOutcomes("erp", "dead_lettered") + legOutcomes("email", "dead_lettered")).as("parked").isZero();

        JdbcTemplate erp = new JdbcTemplate(new DriverManagerDataSource(
                "jdbc:h2:file:" + data.resolve("erp") + ";AUTO_SERVER=TRUE", "sa", ""));
        assertThat(erp.queryForObject("SELECT COUNT(DISTINCT transaction_id) FROM gift_card_transaction", Integer.class))
                .as("ledger rows").isEqualTo(EVENTS);
        assertThat(erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction", Integer.class)).isEqualTo(EVENTS);

        Set<String> published = drainPublicQueue(brokerUrl);
        assertThat(published).as("events on the public queue").hasSize(EVENTS)
                .containsAll(ids.stream().map(id -> "evcus_" + id).toList());

        assertThat(app.get("/actuator/health").statusCode()).as("still healthy").isEqualTo(200);
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        assertThat(app.get("/dev/mailbox").body()).as("the catcher's mailbox is bounded")
                .satisfies(body -> assertThat(body.split("\"index\"", -1).length - 1).isBetween(1, 550));
    }

    /** 16 senders at once, as Voucherify's retries after an outage; each event once, each answered 202. */
    private static List<String> sendBurst(Webhooks webhooks) throws Exception {
        List<String> ids = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            String id = Fixtures.unique();
            ids.add(id);
            bodies.add(Fixtures.compact(Fixtures.distribution(id)));
        }
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (byte[] body : bodies) {
                answers.add(senders.submit(() -> webhooks.post(body)));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).isEqualTo(202);
            }
        } finally {
            senders.shutdownNow();
        }
        return ids;
    }

    private long legOutcomes(String leg, String outcome) {
        return (long) app.metric("gift_leg_outcomes_total", "leg=\"" + leg + "\"", "outcome=\"" + outcome + "\"");
    }

    /** Takes every message off the public queue (nothing in the service consumes it) and returns their event ids. */
    private static Set<String> drainPublicQueue(String brokerUrl) throws Exception {
        Set<String> eventIds = new HashSet<>();
        Connection connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
        try {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("voucherify.gift.balance_added"));
            for (Message message; (message = consumer.receive(5_000)) != null; ) {
                assertThat(eventIds.add(message.getStringProperty("eventId"))).as("published once").isTrue();
            }
        } finally {
            connection.close();
        }
        return eventIds;
    }
}
