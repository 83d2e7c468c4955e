package com.example.giftcards.operations;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.Destination;
import org.apache.activemq.command.ActiveMQQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code gift_queue_depth{queue}}: the messages waiting on each of our queues. The embedded broker is asked
 * directly. An external ActiveMQ Classic broker is asked through its statistics plugin
 * ({@code <statisticsBrokerPlugin/>} in activemq.xml) every refresh; without the plugin the gauges stay NaN and one
 * WARN says so.
 */
@Component
public class QueueDepths {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDepths.class);

    private final Optional<BrokerService> embeddedBroker;
    private final JmsTemplate jms;
    private final Map<String, Double> lastKnown = new ConcurrentHashMap<>();
    private final Set<String> queues = new LinkedHashSet<>();
    private volatile boolean warned;
    private int roundsToSkip;

    public QueueDepths(Optional<BrokerService> embeddedBroker, ConnectionFactory jmsConnectionFactory, MeterRegistry metrics,
                       @Value("${gift.queues.public}") String publicQueue, @Value("${gift.queues.erp}") String erpQueue,
                       @Value("${gift.queues.email}") String emailQueue, @Value("${gift.queues.unhandled}") String unhandledQueue,
                       @Value("${gift.queues.invalid}") String invalidQueue,
                       @Value("${gift.queues.public-transactions}") String publicTransactionsQueue,
                       @Value("${gift.queues.dead-letter-prefix}") String deadLetterPrefix) {
        this.embeddedBroker = embeddedBroker;
        this.jms = new JmsTemplate(jmsConnectionFactory);
        this.jms.setReceiveTimeout(2000);
        // A broker without the plugin keeps the request on a queue of that name: let it expire, never persist it.
        this.jms.setExplicitQosEnabled(true);
        this.jms.setDeliveryPersistent(false);
        this.jms.setTimeToLive(5000);
        queues.add(publicQueue);
        queues.add(publicTransactionsQueue);
        queues.add(erpQueue);
        queues.add(emailQueue);
        queues.add(deadLetterPrefix + erpQueue);
        queues.add(deadLetterPrefix + emailQueue);
        queues.add(unhandledQueue);
        queues.add(invalidQueue);
        for (String queue : queues) {
            Gauge.builder("gift_queue_depth", () -> depth(queue)).tag("queue", queue)
                    .description("Messages waiting on the queue").register(metrics);
        }
    }

    private double depth(String queue) {
        if (embeddedBroker.isPresent()) {
            try {
                Set<Destination> found = embeddedBroker.get().getBroker().getDestinations(new ActiveMQQueue(queue));
                return found.stream().mapToLong(d -> d.getDestinationStatistics().getMessages().getCount()).sum();
            } catch (Exception e) {
                return Double.NaN;
            }
        }
        return lastKnown.getOrDefault(queue, Double.NaN);
    }

    /** External broker only: ask its statistics plugin for each queue's size. */
    @Scheduled(initialDelayString = "PT10S", fixedDelayString = "PT15S")
    void refreshFromExternalBroker() {
        if (embeddedBroker.isPresent() || roundsToSkip-- > 0) {
            return;
        }
        for (String queue : queues) {
            try {
                Message reply = jms.sendAndReceive("ActiveMQ.Statistics.Destination." + queue, session -> session.createMessage());
                if (reply instanceof MapMessage statistics) {
                    lastKnown.put(queue, (double) statistics.getLong("size"));
                } else {
                    lastKnown.clear();
                    warnOnce();
                    roundsToSkip = 40; // no plugin: ask again in about ten minutes, not every round
                    return;
                }
            } catch (Exception e) {
                lastKnown.remove(queue); // broker down: unknown, not zero
            }
        }
    }

    private void warnOnce() {
        if (!warned) {
            warned = true;
            LOG.warn("The broker did not answer a statistics request: gift_queue_depth needs <statisticsBrokerPlugin/> in its activemq.xml");
        }
    }
}
