package com.example.giftcards.deadletter;

import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How often and how patiently a failing leg is retried before its event is parked (route configuration
 * {@code leg-retries}). A bean rather than YAML so that the numbers stay settings ({@code gift.legs.redelivery.*})
 * while the route files stay valid against the Camel YAML DSL schema, which types these options as numbers.
 */
@Configuration(proxyBeanMethods = false)
public class LegRetriesConfiguration {

    @Bean
    public RedeliveryPolicy legRedeliveryPolicy(@Value("${gift.legs.redelivery.maximum-redeliveries}") int maximumRedeliveries,
                                                @Value("${gift.legs.redelivery.initial-delay-ms}") long initialDelay,
                                                @Value("${gift.legs.redelivery.maximum-delay-ms}") long maximumDelay) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(maximumRedeliveries);
        policy.setRedeliveryDelay(initialDelay);
        policy.setMaximumRedeliveryDelay(maximumDelay);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        policy.setLogExhaustedMessageHistory(false);
        policy.setLogRetryStackTrace(false);
        return policy;
    }
}
