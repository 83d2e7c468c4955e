package com.example.giftcards.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Counts the legs' redeliveries on the exchange (Camel clears its own counter header before the dead-letter
 * channel runs), so that a parked message can say how many attempts were made.
 */
@Component("countRedelivery")
public class RedeliveryCount implements Processor {

    static final String PROPERTY = "legRedeliveries";

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(PROPERTY, exchange.getProperty(PROPERTY, 0, Integer.class) + 1);
    }
}
