package com.example.giftcards.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The legs yield to the intake: while a webhook is in flight a leg route runs one exchange at a time, a second one
 * waits until the webhook is answered (or the bound passes), and nothing waits when no webhook is in flight.
 */
class IntakeFirstTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void aSecondLegExchangeWaitsForTheWebhookInFlight() throws Exception {
        IntakeFirst gate = new IntakeFirst(Set.of("webhook-intake"), Set.of("erp-update", "customer-email"), 1, 10_000);
        RoutePolicy intake = gate.createRoutePolicy(camel, "webhook-intake", null);
        RoutePolicy erp = gate.createRoutePolicy(camel, "erp-update", null);
        RoutePolicy email = gate.createRoutePolicy(camel, "customer-email", null);
        assertThat(gate.createRoutePolicy(camel, "admin", null)).as("other routes are left alone").isNull();

        intake.onExchangeBegin(null, new DefaultExchange(camel));
        erp.onExchangeBegin(null, new DefaultExchange(camel));      // the first runs
        email.onExchangeBegin(null, new DefaultExchange(camel));    // another leg's first runs too
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> erp.onExchangeBegin(null, new DefaultExchange(camel)));
        // still waiting for as long as we watch it (300 ms) while the webhook is in flight
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());

        intake.onExchangeDone(null, new DefaultExchange(camel));
        second.get(5, TimeUnit.SECONDS);                            // runs once the webhook is answered
        assertThat(gate.waits()).isEqualTo(1);
    }

    @Test
    void aLegIsSlowedNeverStopped() {
        IntakeFirst gate = new IntakeFirst(Set.of("webhook-intake"), Set.of("erp-update"), 1, 100);
        RoutePolicy intake = gate.createRoutePolicy(camel, "webhook-intake", null);
        RoutePolicy erp = gate.createRoutePolicy(camel, "erp-update", null);

        intake.onExchangeBegin(null, new DefaultExchange(camel));   // and never done: a steady intake
        erp.onExchangeBegin(null, new DefaultExchange(camel));      // and never done either
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> erp.onExchangeBegin(null, new DefaultExchange(camel)));

        // Nothing here ever wakes it (no webhook answered, no leg exchange done), so it runs only because its wait
        // has a bound: it waited (counted), and it ran. The 10 s only limit how long a broken gate is watched.
        await().atMost(Duration.ofSeconds(10)).until(second::isDone);
        assertThat(second).isCompleted();
        assertThat(gate.waits()).as("it waited before it ran").isEqualTo(1);
    }

    @Test
    void nothingWaitsWithoutAWebhookInFlight() throws Exception {
        IntakeFirst gate = new IntakeFirst(Set.of("webhook-intake"), Set.of("erp-update"), 1, 10_000);
        RoutePolicy erp = gate.createRoutePolicy(camel, "erp-update", null);
        for (int i = 0; i < 4; i++) {
            CompletableFuture.runAsync(() -> erp.onExchangeBegin(null, new DefaultExchange(camel))).get(1, TimeUnit.SECONDS);
        }
        assertThat(gate.waits()).isZero();
    }

    @Test
    void offWithNoWait() {
        IntakeFirst gate = new IntakeFirst(Set.of("webhook-intake"), Set.of("erp-update"), 1, 0);
        assertThat(gate.createRoutePolicy(camel, "erp-update", null)).isNull();
    }
}
