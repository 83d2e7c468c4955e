package com.example.giftcards.deadletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.example.giftcards.names.RouteNames;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.Exchange;
import com.example.giftcards.http.RequestRejectedException;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The legs' dead-letter queues ({@code DLQ.<leg queue>}, e.g. {@code DLQ.voucherify.leg.erp}): what goes on a parked
 * message, and the operators' view and replay of them.
 */
@Component
public class DeadLetters {

    public static final Set<String> LEGS = Set.of("erp", "email");
    /** On a replayed message: the failureType it was parked with, so that a leg can tell a replay of what failure it is. */
    public static final String PREVIOUS_FAILURE_TYPE = RouteNames.PREVIOUS_FAILURE_TYPE;
    private static final Set<String> FAILURE_PROPERTIES = Set.copyOf(RouteNames.FAILURE_PROPERTIES);
    private static final int MAX_REASON_LENGTH = 1000;

    private final JmsTemplate jms;
    private final Map<String, String> legQueues;
    private final String deadLetterPrefix;

    public DeadLetters(ConnectionFactory jmsConnectionFactory,
                       @Value("${gift.queues.erp}") String erpQueue,
                       @Value("${gift.queues.email}") String emailQueue,
                       @Value("${gift.queues.dead-letter-prefix}") String deadLetterPrefix) {
        this.deadLetterPrefix = deadLetterPrefix;
        this.legQueues = Map.of("erp", erpQueue, "email", emailQueue);
        this.jms = new JmsTemplate(jmsConnectionFactory);
        this.jms.setSessionTransacted(true);
        this.jms.setReceiveTimeout(JmsTemplate.RECEIVE_TIMEOUT_NO_WAIT);
    }

    /** Called by the legs' dead-letter channel: why it failed, after how many attempts, when, on which leg. */
    public void describeFailure(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown" : String.valueOf(cause.getMessage());
        int redeliveries = exchange.getProperty(RedeliveryCount.PROPERTY, 0, Integer.class);
        exchange.getMessage().setHeader(RouteNames.FAILURE_REASON,
                reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason);
        exchange.getMessage().setHeader(RouteNames.FAILURE_TYPE, failureType(cause));
        exchange.getMessage().setHeader(RouteNames.ATTEMPTS, redeliveries + 1);
        exchange.getMessage().setHeader(RouteNames.FAILED_AT, Instant.now().toString());
        exchange.getMessage().setHeader(RouteNames.LEG, exchange.getProperty(RouteNames.LEG, String.class));
    }

    /** For the admin routes: the leg named in the path is one of ours (404 otherwise). */
    public void checkLeg(@Header(RouteNames.LEG) String leg) {
        if (!LEGS.contains(leg)) {
            throw new RequestRejectedException(404, "unknown_leg", "Legs are " + String.join(", ", LEGS.stream().sorted().toList()));
        }
    }

    /** {@link KnownFailure}s name themselves; anything else by its exception class. */
    static String failureType(Throwable cause) {
        if (cause instanceof KnownFailure known) {
            return known.failureType();
        }
        return cause == null ? "unknown" : cause.getClass().getName();
    }

    /** The dead-letter queue of the leg named by the exchange property {@code leg}. */
    public String queueOf(@ExchangeProperty(RouteNames.LEG) String leg) {
        return deadLetterQueue(leg);
    }

    /** What is parked on a leg's dead-letter queue, oldest first, each event once (see {@link #replay}). */
    public List<Map<String, Object>> list(@Header(RouteNames.LEG) String leg) {
        String queue = deadLetterQueue(leg);
        List<Map<String, Object>> parked = jms.browse(queue, (session, browser) -> {
            List<Map<String, Object>> entries = new ArrayList<>();
            Set<String> listed = new HashSet<>();
            for (Object browsed : Collections.list(browser.getEnumeration())) {
                Message message = (Message) browsed;
                if (!firstOfItsEvent(message, listed)) {
                    continue;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("event_id", message.getStringProperty(RouteNames.EVENT_ID));
                entry.put("event_type", message.getStringProperty(RouteNames.EVENT_TYPE));
                entry.put("transaction_id", message.getStringProperty(RouteNames.TRANSACTION_ID));
                entry.put("reason", message.getStringProperty(RouteNames.FAILURE_REASON));
                entry.put("failure_type", message.getStringProperty(RouteNames.FAILURE_TYPE));
                entry.put("attempts", message.getObjectProperty(RouteNames.ATTEMPTS));
                entry.put("failed_at", message.getStringProperty(RouteNames.FAILED_AT));
                entries.add(entry);
            }
            return entries;
        });
        return parked == null ? List.of() : parked;
    }

    /**
     * Moves parked events back onto the leg's queue, all of them or those of one event id, in one JMS transaction:
     * each message is either still parked or back on the leg queue, never both or neither.
     * <p>
     * Each event once: a leg acknowledges its message after the route completed, so a process killed between the park
     * and that acknowledgement parks the redelivered event a second time. Both copies leave the dead-letter queue, one
     * goes back to the leg (the legs are idempotent anyway; one copy keeps two replays of an email whose outcome was
     * unknown from racing each other).
     */
    public Map<String, Object> replay(@Header(RouteNames.LEG) String leg, @Header(RouteNames.EVENT_ID) String eventId) {
        String source = deadLetterQueue(leg);
        String target = legQueues.get(leg);
        String selector = eventId == null || eventId.isBlank() ? null : RouteNames.EVENT_ID + " = '" + eventId.replace("'", "''") + "'";
        Integer moved = jms.execute(session -> {
            int count = 0;
            Set<String> replayed = new HashSet<>();
            Queue from = session.createQueue(source);
            Queue to = session.createQueue(target);
            try (MessageConsumer consumer = session.createConsumer(from, selector);
                 MessageProducer producer = session.createProducer(to)) {
                for (Message message = consumer.receive(1000); message != null; message = consumer.receive(500)) {
                    if (firstOfItsEvent(message, replayed)) {
                        producer.send(withoutFailureProperties(session, message));
                        count++;
                    }
                }
            }
            session.commit();
            return count;
        }, true);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("leg", leg);
        if (eventId != null && !eventId.isBlank()) {
            answer.put("event_id", eventId);
        }
        answer.put("replayed", moved);
        return answer;
    }

    /** True unless a message of the same event id was seen before (a message without one is always its own). */
    private static boolean firstOfItsEvent(Message message, Set<String> seen) throws JMSException {
        String eventId = message.getStringProperty(RouteNames.EVENT_ID);
        return eventId == null || seen.add(eventId);
    }

    private static Message withoutFailureProperties(Session session, Message parked) throws JMSException {
        TextMessage copy = session.createTextMessage(((TextMessage) parked).getText());
        copy.setStringProperty(PREVIOUS_FAILURE_TYPE, parked.getStringProperty(RouteNames.FAILURE_TYPE));
        for (Object property : Collections.list(parked.getPropertyNames())) {
            String name = (String) property;
            if (!FAILURE_PROPERTIES.contains(name) && !name.startsWith("JMSX")) {
                copy.setObjectProperty(name, parked.getObjectProperty(name));
            }
        }
        return copy;
    }

    String deadLetterQueue(String leg) {
        if (!LEGS.contains(leg)) {
            throw new IllegalArgumentException("unknown leg");
        }
        return deadLetterPrefix + legQueues.get(leg);
    }
}
