package com.example.giftcards.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.jms.JmsEndpoint;

/**
 * Watches a leg finish one event: the exchange of the leg's route that carries the event (header eventId) is done, as
 * Camel sees it - completed, or parked on the leg's dead-letter queue after its retries - and its JMS transaction has
 * committed, so the leg's queue no longer holds the event. Each leg runs several consumers, so a later event being
 * through says nothing about an earlier one; this says when the leg has done all it will do with this event, so that
 * "no email", "one email" or "not parked" can be checked then and cannot pass early.
 * Start watching before the event can reach the leg; the watch ends with {@link #awaitDone()}.
 */
public final class LegWatch {

    public static final String ERP_LEG = "erp-update";
    public static final String EMAIL_LEG = "customer-email";

    private final NotifyBuilder done;
    private final TestBroker broker;
    private final String legQueue;
    private final String eventId;
    private final String description;

    private LegWatch(CamelContext camel, TestBroker broker, String legRoute, String eventId, String stepRoute) {
        NotifyBuilder builder = new NotifyBuilder(camel)
                .fromRoute(legRoute)
                .filter(exchange -> eventId.equals(exchange.getMessage().getHeader("eventId", String.class)));
        if (stepRoute != null) {
            builder.wereSentTo(entryOf(camel, stepRoute));
        }
        this.done = builder.whenDone(1).create();
        this.broker = broker;
        this.legQueue = ((JmsEndpoint) camel.getRoute(legRoute).getEndpoint()).getDestinationName();
        this.eventId = eventId;
        this.description = "route " + legRoute + " done with event " + eventId + (stepRoute == null ? "" : " through route " + stepRoute);
    }

    /** The ERP leg (route erp-update) finishing this event. */
    public static LegWatch erpLeg(CamelContext camel, TestBroker broker, String eventId) {
        return new LegWatch(camel, broker, ERP_LEG, eventId, null);
    }

    /** The email leg (route customer-email) finishing this event. */
    public static LegWatch emailLeg(CamelContext camel, TestBroker broker, String eventId) {
        return new LegWatch(camel, broker, EMAIL_LEG, eventId, null);
    }

    /**
     * The email leg finishing this event having called this step route, e.g. skip-email (no address) or email-once
     * (send at most once): finishing it another way never counts.
     */
    public static LegWatch emailLegThrough(CamelContext camel, TestBroker broker, String eventId, String stepRoute) {
        return new LegWatch(camel, broker, EMAIL_LEG, eventId, stepRoute);
    }

    /** Waits until the leg is done with the event; fails the test if it is not within {@link Eventually#PATIENCE}. */
    public void awaitDone() {
        try {
            assertThat(done.matches(Eventually.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as(description).isTrue();
        } finally {
            done.destroy();
        }
        // The exchange is done a moment before its JMS transaction commits: taking the message off the leg's queue
        // and sending any dead letter commit together, right after.
        await(description + ", and committed").atMost(Eventually.PATIENCE).until(() -> !broker.holds(legQueue, eventId));
    }

    /** The endpoint a step route is called by (direct:...); a route that does not exist fails at once. */
    private static String entryOf(CamelContext camel, String stepRoute) {
        Route route = camel.getRoute(stepRoute);
        if (route == null) {
            throw new IllegalArgumentException("no route " + stepRoute);
        }
        return route.getEndpoint().getEndpointUri();
    }
}
