package com.example.giftcards.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.example.giftcards.support.DatabaseTest;
import com.example.giftcards.support.FaultInjectionTest;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.LegWatch;
import com.example.giftcards.support.FaultyTcpProxy.Mode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.jms.Session;
import org.apache.camel.component.jms.JmsConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jms.listener.DefaultMessageListenerContainer;
import org.springframework.test.util.ReflectionTestUtils;

/** A leg's backing service goes away while events arrive, then comes back: nothing lost, nothing doubled. */
@DatabaseTest
class LegOutagesTest extends FaultInjectionTest {

    private static final Duration RECOVERED = Duration.ofSeconds(60);

    @Test
    void erpDatabaseOutageDelaysTheLedgerButLosesAndDoublesNothing() {
        List<String> ids = new ArrayList<>();
        List<LegWatch> erpLeg = new ArrayList<>();
        List<LegWatch> emailLeg = new ArrayList<>();
        int refusedBefore = ERP_PROXY.refused();
        ERP_PROXY.mode(Mode.DROP);

        String voucher = "v_" + Fixtures.unique();
        for (int i = 0; i < 5; i++) {
            String id = Fixtures.unique();
            ids.add(id);
            erpLeg.add(LegWatch.erpLeg(camel, BROKER, "evcus_" + id));
            emailLeg.add(LegWatch.emailLeg(camel, BROKER, "evcus_" + id));
            ObjectNode envelope = Fixtures.distribution(id);
            envelope.with("data").with("voucher").put("id", voucher); // one card, five top-ups in order
            envelope.with("data").with("balance").put("balance", 1000L * (i + 1));
            envelope.with("data").with("transaction").put("created_at", "2024-03-13T16:54:1" + i + ".000Z");
            assertThat(webhooks.post(Fixtures.compact(envelope)).statusCode()).as("intake while the ERP is down").isEqualTo(202);
        }
        // The emails do not wait for the ERP: the email leg is through with every event, one email each.
        emailLeg.forEach(LegWatch::awaitDone);
        assertThat(ids).allSatisfy(id -> assertThat(MAIL.to(Fixtures.emailOf(id))).as("emails of %s", id).hasSize(1));
        await().atMost(RECOVERED).until(() -> ERP_PROXY.refused() - refusedBefore >= 2); // the ERP leg is retrying
        HttpResponse<String> health = http.get("/actuator/health");
        assertThat(health.statusCode()).as("degraded, not down: no restart for an ERP outage").isEqualTo(200);
        assertThat(Fixtures.parse(health.body()).get("status").asText()).isEqualTo("DEGRADED");

        ERP_PROXY.mode(Mode.PASS);
        await().atMost(RECOVERED).until(() -> Fixtures.parse(http.get("/actuator/health").body()).get("status").asText().equals("UP"));

        // The ERP leg is through with every event, none parked: each is in the ledger, the newest sets the balance.
        erpLeg.forEach(LegWatch::awaitDone);
        assertThat(ids).allSatisfy(id -> assertThat(ledger("vtx_" + id)).as("ledger rows of %s", id).hasSize(1));
        assertThat(((Number) balance(voucher).get(0).get("balance")).longValue()).isEqualTo(5000);
    }

    /**
     * What lets a leg ride out an outage with its message kept: each leg acknowledges a message only once its route
     * completed, and recovers it on a failure, without a JMS transaction (whose synced broker commit per message the
     * intake's hand-off would wait behind in the broker's journal).
     */
    @Test
    void eachLegAcknowledgesOnceItsRouteCompletedWithoutATransaction() throws Exception {
        for (String leg : List.of("erp-update", "customer-email")) {
            DefaultMessageListenerContainer consumer = (DefaultMessageListenerContainer)
                    ((JmsConsumer) camel.getRoute(leg).getConsumer()).getListenerContainer();
            assertThat(consumer.getSessionAcknowledgeMode()).as("%s acknowledges", leg).isEqualTo(Session.CLIENT_ACKNOWLEDGE);
            assertThat(consumer.isSessionTransacted()).as("%s in a JMS transaction", leg).isFalse();
            assertThat(ReflectionTestUtils.getField(consumer, "transactionManager")).as("%s's transaction manager", leg).isNull();
        }
    }

    @Test
    void anErpConnectionCutWhileInUseIsReplacedNotHandedOutAgain() {
        assertThat(ledger("vtx_none")).isEmpty(); // this thread now has a pooled connection, used a moment ago
        ERP_PROXY.mode(Mode.DROP); // a network blip cuts it...
        ERP_PROXY.mode(Mode.PASS); // ...and is over at once

        // Asked for again straight away, the pool does not validate a connection first (Hikari skips that within
        // 500 ms of its last use): a statement may fail on each cut connection, but the pool must then replace it,
        // not hand it out again. (H2 reports a dead connection with its own error codes, not the SQLState 08xxx
        // Hikari recognises; a busy ERP leg or health probe kept getting the same dead connection.)
        int poolSize = ((HikariDataSource) erpDataSource).getMaximumPoolSize();
        List<Boolean> succeeded = new ArrayList<>();
        for (int i = 0; i < 2 * poolSize; i++) {
            try {
                ledger("vtx_none");
                succeeded.add(true);
            } catch (DataAccessException e) {
                succeeded.add(false);
            }
        }
        assertThat(succeeded.subList(poolSize, succeeded.size())).as("statements after every cut connection had its turn")
                .containsOnly(true);
    }

    @Test
    void smtpServerRefusingThenBackDeliversEveryEmailOnce() {
        List<String> ids = new ArrayList<>();
        List<LegWatch> emailLeg = new ArrayList<>();
        int refusedBefore = SMTP_PROXY.refused();
        SMTP_PROXY.mode(Mode.SMTP_BUSY);

        for (int i = 0; i < 3; i++) {
            String id = Fixtures.unique();
            ids.add(id);
            emailLeg.add(LegWatch.emailLeg(camel, BROKER, "evcus_" + id));
            assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isEqualTo(202);
        }
        // The ERP does not wait for the mail server.
        ids.forEach(id -> eventually.ledgerRow("vtx_" + id));
        await().atMost(RECOVERED).until(() -> SMTP_PROXY.refused() - refusedBefore >= 2); // 421 answered, retrying

        SMTP_PROXY.mode(Mode.PASS);

        // The email leg is through with every event, retries and all: what is in the mailbox now is all there will be.
        emailLeg.forEach(LegWatch::awaitDone);
        assertThat(ids).allSatisfy(id -> assertThat(MAIL.to(Fixtures.emailOf(id))).as("emails of %s", id).hasSize(1));
    }
}
