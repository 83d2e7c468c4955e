package com.example.giftcards.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application with the ERP database and the SMTP server behind fault-injecting proxies, so that tests can
 * take them away and bring them back for real.
 */
@ActiveProfiles("faults") // application-faults.yaml: more retries, quick ERP connection failures
public abstract class FaultInjectionTest extends IntegrationTest {

    protected static final FaultyTcpProxy ERP_PROXY;
    protected static final FaultyTcpProxy SMTP_PROXY;
    private static final String ERP_DB_URL = TestErpDatabase.newDatabaseUrl();

    static {
        try {
            URI erp = TestErpDatabase.address(ERP_DB_URL);
            ERP_PROXY = new FaultyTcpProxy(erp.getHost(), erp.getPort());
            SMTP_PROXY = new FaultyTcpProxy("127.0.0.1", MAIL.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void faultyServices(DynamicPropertyRegistry registry) {
        // The resolved properties, not ERP_DB_URL / SMTP_PORT, which the base class already registers.
        registry.add("gift.erp-db.url", () -> TestErpDatabase.throughProxy(ERP_DB_URL, ERP_PROXY.port()));
        registry.add("gift.smtp.port", SMTP_PROXY::port);
    }

    /**
     * The ERP answers a query on its gift-card tables through the application's own pool. Also waited for before each
     * test: the application starts even when it cannot migrate the ERP (here, a slow first connection through the
     * proxy), and migrates it in the background later.
     */
    @BeforeEach
    protected void awaitErpAnswering() {
        await("the ERP answering through the application's pool").atMost(Eventually.PATIENCE).ignoreExceptions()
                .until(() -> erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction", Integer.class) != null);
    }

    @AfterEach
    void servicesBack() {
        ERP_PROXY.mode(FaultyTcpProxy.Mode.PASS);
        SMTP_PROXY.mode(FaultyTcpProxy.Mode.PASS);
    }

    /** An admin endpoint, with this bearer token (null: no Authorization header). */
    protected HttpResponse<String> admin(String method, String path, String token) {
        return http.send(method, path, HttpRequest.BodyPublishers.noBody(), "Authorization", token == null ? null : "Bearer " + token);
    }
}
