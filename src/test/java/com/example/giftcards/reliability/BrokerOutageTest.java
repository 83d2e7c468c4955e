package com.example.giftcards.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.example.giftcards.support.TestBroker;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The broker goes down: the sender is told to retry (503), nothing is half-done, and its retry goes through. */
class BrokerOutageTest extends IntegrationTest {

    private static final TestBroker OWN_BROKER = TestBroker.create();

    @DynamicPropertySource
    static void ownBroker(DynamicPropertyRegistry registry) {
        registry.add("gift.broker.url", OWN_BROKER::url);
    }

    @Test
    void aSendFailingInTheMiddleOfTheHandOffLeavesNoQueueWithTheEvent() {
        String id = Fixtures.unique();
        byte[] body = Fixtures.compact(Fixtures.distribution(id));
        long published = OWN_BROKER.enqueued("voucherify.gift.balance_added");
        long erpQueued = OWN_BROKER.enqueued("voucherify.leg.erp");
        OWN_BROKER.refuseSendsTo("voucherify.leg.email"); // the third of the three sends
        try {
            HttpResponse<String> refused = webhooks.post(body);

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(Fixtures.parse(refused.body()).at("/error/code").asText()).isEqualTo("unavailable");
        } finally {
            OWN_BROKER.refuseSendsTo(null);
        }
        assertThat(OWN_BROKER.enqueued("voucherify.gift.balance_added")).as("the first send was rolled back").isEqualTo(published);
        assertThat(OWN_BROKER.enqueued("voucherify.leg.erp")).as("the second send was rolled back").isEqualTo(erpQueued);

        assertThat(webhooks.post(body).statusCode()).as("the sender's retry").isEqualTo(202);
        eventually.ledgerRowAndEmailOf(id);
    }

    @Test
    void brokerDownMeans503AndNothingHalfDoneThenTheRetrySucceeds() throws Exception {
        String id = Fixtures.unique();
        byte[] body = Fixtures.compact(Fixtures.distribution(id));
        OWN_BROKER.stop();
        try {
            HttpResponse<String> refused = webhooks.post(body);

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(Fixtures.parse(refused.body()).at("/error/code").asText()).isEqualTo("unavailable");
            assertThat(http.get("/actuator/health").statusCode()).as("no broker, no intake").isEqualTo(503);
            // An unusable balance event cannot be parked either: the sender is told to retry, like any other.
            var invalid = Fixtures.distribution(Fixtures.unique());
            invalid.with("data").with("balance").put("amount", "400");
            HttpResponse<String> notParked = webhooks.post(Fixtures.compact(invalid));
            assertThat(notParked.statusCode()).isEqualTo(503);
            assertThat(Fixtures.parse(notParked.body()).at("/error/code").asText()).isEqualTo("unavailable");
        } finally {
            OWN_BROKER.start();
        }

        // A restarted broker's counters start again at zero: what is there now is what the outage left.
        assertThat(OWN_BROKER.enqueued("voucherify.gift.balance_added")).as("nothing reached any queue").isZero();
        assertThat(OWN_BROKER.enqueued("voucherify.leg.erp")).isZero();
        assertThat(OWN_BROKER.enqueued("voucherify.leg.email")).isZero();

        // Voucherify retries the same delivery: the idempotency key was released, so it is accepted, not a duplicate.
        HttpResponse<String> retried = await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.post(body), r -> r.statusCode() != 503);
        assertThat(retried.statusCode()).isEqualTo(202);
        assertThat(Fixtures.parse(retried.body()).get("status").asText()).isEqualTo("accepted");

        eventually.ledgerRowAndEmailOf(id);
        assertThat(OWN_BROKER.client().receiveSelected("voucherify.gift.balance_added", "eventId = 'evcus_" + id + "'")).isNotNull();
        assertThat(OWN_BROKER.enqueued("voucherify.gift.balance_added")).isEqualTo(1);
    }
}
