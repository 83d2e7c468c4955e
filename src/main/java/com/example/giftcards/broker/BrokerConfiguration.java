package com.example.giftcards.broker;

import java.nio.file.Path;
import java.util.Optional;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.JmsTransactionManager;

import com.example.giftcards.camel.LocalTransactionPolicy;

/**
 * ActiveMQ Classic: an external broker when {@code BROKER_URL} is set, otherwise an embedded, persistent broker
 * (KahaDB under the data directory) that also listens on TCP so other systems can subscribe.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfiguration.class);
    static final String EMBEDDED_BROKER_NAME = "gift-integration";

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnExpression("'${gift.broker.url:}'.isBlank()")
    public BrokerService embeddedBroker(@Value("${gift.data-dir}") String dataDir,
                                        @Value("${gift.broker.embedded-tcp-url}") String tcpUrl,
                                        @Value("${gift.broker.embedded-memory-limit-mb}") long memoryLimitMb) throws Exception {
        BrokerService broker = new BrokerService();
        broker.setBrokerName(EMBEDDED_BROKER_NAME);
        broker.setPersistent(true);
        broker.setDataDirectoryFile(Path.of(dataDir, "activemq").toAbsolutePath().toFile());
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false); // Spring stops it, after the Camel consumers
        broker.setAdvisorySupport(false);
        // A memory limit that fits the heap: a backlog pages to KahaDB instead of filling the heap (by default the
        // broker takes 70% of it, and a 10,000-event burst ran out of heap). At most an eighth of the heap.
        long limit = Math.min(memoryLimitMb * 1024L * 1024L, Runtime.getRuntime().maxMemory() / 8);
        broker.getSystemUsage().getMemoryUsage().setLimit(limit);
        // Without producer flow control: once a queue's share of that memory is full, its persistent messages wait
        // in KahaDB only. With it (ActiveMQ's default), the hand-off would block until the queue is consumed - and
        // nothing in the service consumes the public queue, so a backlog there stopped the intake.
        PolicyEntry queues = new PolicyEntry();
        queues.setQueue(">");
        queues.setProducerFlowControl(false);
        PolicyMap policies = new PolicyMap();
        policies.setDefaultEntry(queues);
        broker.setDestinationPolicy(policies);
        broker.addConnector(tcpUrl);
        LOG.info("No BROKER_URL set: starting the embedded ActiveMQ broker on {} (memory limit {} MB, the rest waits"
                + " in KahaDB)", tcpUrl, limit / (1024 * 1024));
        return broker;
    }

    @Bean(destroyMethod = "stop")
    public JmsPoolConnectionFactory jmsConnectionFactory(@Value("${gift.broker.url:}") String brokerUrl,
                                                         @Value("${gift.broker.user:}") String user,
                                                         @Value("${gift.broker.password:}") String password,
                                                         @Value("${gift.broker.redelivery.initial-delay-ms}") long initialDelay,
                                                         @Value("${gift.broker.redelivery.maximum-delay-ms}") long maximumDelay,
                                                         @Value("${gift.broker.prefetch}") int prefetch,
                                                         Optional<BrokerService> embeddedBroker) {
        // Taking the embedded broker (if any) as a dependency starts it first and stops it last.
        String url = brokerUrl.isBlank() ? "vm://" + EMBEDDED_BROKER_NAME + "?create=false" : brokerUrl;
        ActiveMQConnectionFactory activeMq = new ActiveMQConnectionFactory(url);
        if (!user.isBlank()) {
            activeMq.setUserName(user);
            activeMq.setPassword(password);
        }
        activeMq.setRedeliveryPolicy(redeliveryPolicy(initialDelay, maximumDelay));
        // ActiveMQ's default pushes up to 1,000 messages to every consumer ahead of time: during a backlog that is
        // thousands of events held in this heap instead of in the broker's store, and one consumer's hoard that the
        // others cannot take. A few each keep the consumers busy.
        activeMq.getPrefetchPolicy().setQueuePrefetch(prefetch);
        // Only our own envelopes travel here: text bodies, no Java serialization.
        activeMq.setTrustAllPackages(false);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(activeMq);
        pool.setMaxConnections(4);
        return pool;
    }

    /**
     * Client-side redelivery of the legs' messages that were not acknowledged (a dead-letter send that failed: the
     * session is recovered), and the broker's of those a consumer that died held:
     * back off exponentially and never give up, so nothing taken from a leg queue is dropped by the client.
     * Business failures are retried and parked by the Camel error handler of each leg instead.
     */
    static RedeliveryPolicy redeliveryPolicy(long initialDelay, long maximumDelay) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setInitialRedeliveryDelay(initialDelay);
        policy.setRedeliveryDelay(initialDelay);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setMaximumRedeliveryDelay(maximumDelay);
        policy.setMaximumRedeliveries(RedeliveryPolicy.NO_MAXIMUM_REDELIVERIES);
        return policy;
    }

    @Bean
    public JmsTransactionManager jmsTransactionManager(ConnectionFactory jmsConnectionFactory) {
        return new JmsTransactionManager(jmsConnectionFactory);
    }

    /** Used by the intake: the hand-off to every leg queue commits as one JMS transaction, or not at all. */
    @Bean
    public LocalTransactionPolicy jmsTransaction(JmsTransactionManager jmsTransactionManager) {
        return new LocalTransactionPolicy(jmsTransactionManager);
    }
}
