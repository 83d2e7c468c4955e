package com.example.giftcards.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.example.giftcards.operations.EventJournal;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.support.EventNotifierSupport;

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

    private final Done done;
    private final TestBroker broker;
    private final String legQueue;
    private final Set<String> eventIds;
    private final String description;
    /** The email leg's outcome the journal must show for the event once the leg is done, or null. */
    private String emailOutcome;
    private CamelContext camel;

    private LegWatch(CamelContext camel, TestBroker broker, String legRoute, String eventId, String stepRoute) {
        NotifyBuilder builder = new NotifyBuilder(camel)
                .fromRoute(legRoute)
                .filter(exchange -> eventId.equals(exchange.getMessage().getHeader("eventId", String.class)));
        if (stepRoute != null) {
            builder.wereSentTo(entryOf(camel, stepRoute));
        }
        NotifyBuilder notify = builder.whenDone(1).create();
        this.done = new Done() {
            @Override
            public boolean await(long millis) {
                return notify.matches(millis, TimeUnit.MILLISECONDS);
            }

            @Override
            public void destroy() {
                notify.destroy();
            }
        };
        this.broker = broker;
        this.legQueue = queueOf(camel, legRoute);
        this.eventIds = Set.of(eventId);
        this.description = "route " + legRoute + " done with event " + eventId + (stepRoute == null ? "" : " through route " + stepRoute);
    }

    private LegWatch(CamelContext camel, TestBroker broker, String legRoute, Collection<String> eventIds) {
        this.done = new EachDone(camel, legRoute, eventIds);
        this.broker = broker;
        this.legQueue = queueOf(camel, legRoute);
        this.eventIds = Set.copyOf(eventIds);
        this.description = "route " + legRoute + " done with each of " + eventIds.size() + " events";
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
     * The email leg finishing every one of these events (a burst: one watch, instead of one per event). An event done
     * twice still counts once, so one event's duplicate never stands in for another event not done yet.
     */
    public static LegWatch emailLegOfEach(CamelContext camel, TestBroker broker, Collection<String> eventIds) {
        return new LegWatch(camel, broker, EMAIL_LEG, eventIds);
    }

    /**
     * The email leg finishing this event having called this step route, e.g. email-once (send at most once):
     * finishing it another way never counts.
     */
    public static LegWatch emailLegThrough(CamelContext camel, TestBroker broker, String eventId, String stepRoute) {
        return new LegWatch(camel, broker, EMAIL_LEG, eventId, stepRoute);
    }

    /**
     * The email leg finishing this event without an email (no address, the project-settings variant, or not a top-up):
     * done, and the journal says "skipped" for its email leg. Finishing it another way never counts.
     */
    public static LegWatch emailLegSkipped(CamelContext camel, TestBroker broker, String eventId) {
        LegWatch watch = new LegWatch(camel, broker, EMAIL_LEG, eventId, null);
        watch.emailOutcome = "skipped";
        watch.camel = camel;
        return watch;
    }

    /** Waits until the leg is done with the event; fails the test if it is not within {@link Eventually#PATIENCE}. */
    public void awaitDone() {
        try {
            assertThat(done.await(Eventually.PATIENCE.toMillis())).as(description).isTrue();
        } finally {
            done.destroy();
        }
        // The exchange is done a moment before its JMS transaction commits: taking the message off the leg's queue
        // and sending any dead letter commit together, right after.
        await(description + ", and committed").atMost(Eventually.PATIENCE)
                .until(() -> eventIds.stream().noneMatch(eventId -> broker.holds(legQueue, eventId)));
        if (emailOutcome != null) {
            // the journal is written once the leg's transaction committed, maybe in a batch a moment later
            EventJournal journal = camel.getRegistry().lookupByNameAndType("eventJournal", EventJournal.class);
            String eventId = eventIds.iterator().next();
            await(description + ", journaled as " + emailOutcome).atMost(Eventually.PATIENCE)
                    .until(() -> emailOutcomeOf(journal, eventId), emailOutcome::equals);
        }
    }

    @SuppressWarnings("unchecked")
    private static String emailOutcomeOf(EventJournal journal, String eventId) {
        Map<String, Object> event = journal.find(eventId);
        Map<String, Object> legs = event == null ? Map.of() : (Map<String, Object>) event.get("legs");
        Map<String, Object> email = (Map<String, Object>) legs.get(EventJournal.EMAIL);
        return email == null ? null : (String) email.get("outcome");
    }

    private static String queueOf(CamelContext camel, String legRoute) {
        return ((JmsEndpoint) camel.getRoute(legRoute).getEndpoint()).getDestinationName();
    }

    private interface Done {
        boolean await(long millis);

        void destroy();
    }

    /** Done when an exchange of the leg's route has completed or failed for each of the events, as NotifyBuilder's whenDone. */
    private static final class EachDone extends EventNotifierSupport implements Done {
        private final CamelContext camel;
        private final String legRoute;
        private final Set<String> waiting = ConcurrentHashMap.newKeySet();
        private final CountDownLatch latch;

        EachDone(CamelContext camel, String legRoute, Collection<String> eventIds) {
            this.camel = camel;
            this.legRoute = legRoute;
            this.waiting.addAll(eventIds);
            this.latch = new CountDownLatch(waiting.size());
            setIgnoreCamelContextEvents(true);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreStepEvents(true);
            camel.getManagementStrategy().addEventNotifier(this);
            start();
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
        }

        @Override
        public void notify(CamelEvent event) {
            Exchange exchange = ((ExchangeEvent) event).getExchange();
            if (legRoute.equals(exchange.getFromRouteId())
                    && waiting.remove(exchange.getMessage().getHeader("eventId", String.class))) {
                latch.countDown();
            }
        }

        @Override
        public boolean await(long millis) {
            try {
                return latch.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void destroy() {
            camel.getManagementStrategy().removeEventNotifier(this);
            stop();
        }
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
