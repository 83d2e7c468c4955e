package com.example.giftcards.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.example.giftcards.GiftCardIntegrationApplication;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the end-to-end tests: the whole application on a random port, wired like production to real external
 * services: an ActiveMQ broker over TCP, an SMTP server (GreenMail), the ERP database (H2 over TCP, or PostgreSQL
 * when ERP_DB_URL is set) and an H2 state database. Tests use fresh ids, so they need no clean-up between them, and
 * test classes that only differ in their data share one application: a class that changes the application itself
 * (its beans, its routes) declares {@code @DirtiesContext}.
 */
@CamelSpringBootTest
@ActiveProfiles("test") // application-test.yaml: short back-off
// Metrics exported as in production (tests switch it off unless asked): the dashboard and journal tests read
// /actuator/prometheus, and with it on for all, they share the application of the others.
@AutoConfigureObservability(tracing = false)
// Test classes that add no configuration of their own share one application (Spring's context cache); at most one
// runs at a time, as a second one would consume the shared broker's leg queues too (OneApplicationAtATime).
@SpringBootTest(classes = GiftCardIntegrationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    public static final String SECRET = "test-webhook-secret";
    public static final String PREVIOUS_SECRET = "test-webhook-secret-before-rotation";
    public static final String ADMIN_TOKEN = "test-admin-token";

    protected static final TestBroker BROKER = TestBroker.shared();
    protected static final TestMail MAIL = TestMail.shared();
    private static final String ERP_DB_URL = TestErpDatabase.newDatabaseUrl();

    @LocalServerPort
    protected int port;

    @Autowired
    @Qualifier("erpDataSource")
    protected DataSource erpDataSource;

    /** The application's own Camel: it runs in this JVM, so tests can watch its exchanges ({@link LegWatch}). */
    @Autowired
    protected CamelContext camel;

    protected Http http;
    protected Webhooks webhooks;
    protected JdbcTemplate erp;
    protected Eventually eventually;

    @DynamicPropertySource
    static void externalServices(DynamicPropertyRegistry registry) throws Exception {
        Path dataDir = Files.createTempDirectory("gift-data");
        registry.add("DATA_DIR", dataDir::toString);
        registry.add("BROKER_URL", BROKER::url);
        registry.add("SMTP_HOST", () -> "127.0.0.1");
        registry.add("SMTP_PORT", MAIL::port);
        registry.add("MAIL_FROM", () -> "Gift cards <gift-cards@shop.example>");
        registry.add("ERP_DB_URL", () -> ERP_DB_URL);
        registry.add("ERP_DB_USER", TestErpDatabase::user);
        registry.add("ERP_DB_PASSWORD", TestErpDatabase::password);
        // One name, read as often as it is asked for: the idempotency keys share the state database (gift.keys-db).
        String stateDbUrl = "jdbc:h2:mem:state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        registry.add("STATE_DB_URL", () -> stateDbUrl);
        registry.add("VOUCHERIFY_WEBHOOK_SECRET", () -> SECRET);
        registry.add("VOUCHERIFY_WEBHOOK_SECRET_PREVIOUS", () -> PREVIOUS_SECRET);
        registry.add("ADMIN_TOKEN", () -> ADMIN_TOKEN);
    }

    @BeforeEach
    void clients() {
        http = new Http(port);
        webhooks = new Webhooks(port, SECRET);
        erp = new JdbcTemplate(erpDataSource);
        eventually = new Eventually(erp, MAIL);
    }

    protected List<Map<String, Object>> ledger(String transactionId) {
        return erp.queryForList("SELECT * FROM gift_card_transaction WHERE transaction_id = ?", transactionId);
    }

    protected List<Map<String, Object>> balance(String voucherId) {
        return erp.queryForList("SELECT * FROM gift_card_balance WHERE voucher_id = ?", voucherId);
    }
}
