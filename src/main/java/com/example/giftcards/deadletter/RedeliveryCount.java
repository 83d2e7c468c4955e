package com.example.giftcards.deadletter;

import com.example.giftcards.names.RouteNames;
import com.example.giftcards.operations.EventJournal;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Before each retry of a leg: journals the failed attempt, and counts the redeliveries on the exchange (Camel clears
 * its own counter header before the dead-letter channel runs), so that a parked message can say how many attempts
 * were made.
 */
@Component("countRedelivery")
public class RedeliveryCount implements Processor {

    static final String PROPERTY = RouteNames.LEG_REDELIVERIES;

    private final EventJournal journal;

    public RedeliveryCount(EventJournal journal) {
        this.journal = journal;
    }

    @Override
    public void process(Exchange exchange) {
        journal.retrying(exchange); // the attempt that failed, with its number and reason
        exchange.setProperty(PROPERTY, exchange.getProperty(PROPERTY, 0, Integer.class) + 1);
    }
}
