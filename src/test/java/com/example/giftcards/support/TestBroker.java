package com.example.giftcards.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerFilter;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.ProducerBrokerExchange;
import org.apache.activemq.command.Message;
import org.apache.activemq.command.ActiveMQQueue;
import org.springframework.jms.core.JmsTemplate;

/**
 * A real ActiveMQ Classic broker for the tests, persistent, reached over TCP exactly like an external broker.
 * One per test JVM; it can be stopped and started again on the same port and store (broker outage tests).
 */
public final class TestBroker {

    private static TestBroker instance;

    private final int port;
    private final Path dataDir;
    private BrokerService broker;
    private volatile String refusedQueue;
    private volatile String stalledQueue;
    private volatile CountDownLatch stalledSendArrived = new CountDownLatch(1);
    private volatile CountDownLatch stallEnded = new CountDownLatch(0);
    private volatile boolean deliverStalledSends;

    private TestBroker(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
    }

    public static synchronized TestBroker shared() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    /** A broker of its own, for a test that takes it down. */
    public static TestBroker create() {
        try {
            TestBroker broker = new TestBroker(FreePort.pick(), Files.createTempDirectory("test-broker"));
            broker.start();
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void start() throws Exception {
        broker = new BrokerService();
        broker.setBrokerName("test-broker");
        broker.setPersistent(true);
        broker.setDataDirectoryFile(dataDir.toFile());
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.setAdvisorySupport(false);
        broker.addConnector("tcp://127.0.0.1:" + port);
        broker.setPlugins(new BrokerPlugin[] {next -> new BrokerFilter(next) {
            @Override
            public void send(ProducerBrokerExchange producer, Message message) throws Exception {
                String queue = message.getDestination().getPhysicalName();
                if (queue.equals(refusedQueue)) {
                    throw new jakarta.jms.JMSException("injected fault: sends to " + refusedQueue + " are refused");
                }
                if (queue.equals(stalledQueue)) {
                    stalledSendArrived.countDown();
                    stallEnded.await(2, TimeUnit.MINUTES);
                    if (!deliverStalledSends) {
                        throw new jakarta.jms.JMSException("injected fault: a stalled send to " + queue + " is refused");
                    }
                }
                super.send(producer, message);
            }
        }});
        broker.start();
        broker.waitUntilStarted();
    }

    public synchronized void stop() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
    }

    /** From now on the broker refuses every message sent to this queue (null: accept all again). */
    public void refuseSendsTo(String queue) {
        this.refusedQueue = queue;
    }

    /**
     * From now on a send to this queue hangs (the sender's transaction stays open) until {@link #endStall}, which
     * lets it through or refuses it.
     */
    public void stallSendsTo(String queue) {
        stalledSendArrived = new CountDownLatch(1);
        stallEnded = new CountDownLatch(1);
        stalledQueue = queue;
    }

    /** True once a send is hanging on the stalled queue. */
    public boolean awaitStalledSend(Duration timeout) throws InterruptedException {
        return stalledSendArrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends no longer hang; the hanging ones go on (deliver) or are refused, so that they never reach the queue. */
    public void endStall(boolean deliver) {
        deliverStalledSends = deliver;
        stalledQueue = null;
        stallEnded.countDown();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** How many messages were ever put on a queue (survives consumption, so it shows what reached it). */
    public long enqueued(String queue) {
        try {
            var destination = broker.getDestination(new ActiveMQQueue(queue));
            return destination == null ? 0 : destination.getDestinationStatistics().getEnqueues().getCount();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the queue holds a message of this event (property eventId): waiting, or delivered to a consumer that has
     * not acknowledged it yet.
     */
    public boolean holds(String queue, String eventId) {
        try {
            var destination = broker.getDestination(new ActiveMQQueue(queue));
            if (destination == null) {
                return false;
            }
            for (Message message : destination.browse()) {
                if (eventId.equals(message.getProperty("eventId"))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JMS properties of each message of this event (property eventId) the queue holds. */
    public java.util.List<java.util.Map<String, Object>> propertiesOf(String queue, String eventId) {
        try {
            var destination = broker.getDestination(new ActiveMQQueue(queue));
            java.util.List<java.util.Map<String, Object>> found = new java.util.ArrayList<>();
            if (destination != null) {
                for (Message message : destination.browse()) {
                    if (eventId.equals(message.getProperty("eventId"))) {
                        java.util.Map<String, Object> properties = new java.util.HashMap<>();
                        message.getProperties().forEach((name, value) -> properties.put(name, String.valueOf(value)));
                        found.add(properties);
                    }
                }
            }
            return found;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain JMS client over TCP, as another system would use. */
    public JmsTemplate client() {
        JmsTemplate template = new JmsTemplate(new ActiveMQConnectionFactory(url()));
        template.setReceiveTimeout(10_000);
        return template;
    }
}
