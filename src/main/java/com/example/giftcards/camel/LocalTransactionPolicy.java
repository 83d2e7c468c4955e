package com.example.giftcards.camel;

import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the steps it wraps in one local transaction (database or JMS), for the {@code policy} EIP.
 * <p>
 * Why not Camel's {@code transacted}: its transaction error handler marks a failed exchange as exhausted, so the
 * caller's error handler then neither retries it nor parks it (a leg's JMS message loops on broker redelivery) nor
 * answers it (the intake's JSON answers). Here a failure just rolls the work back and goes on up to the caller,
 * like any other failure.
 */
public class LocalTransactionPolicy implements Policy {

    private final TransactionTemplate template;

    public LocalTransactionPolicy(PlatformTransactionManager transactionManager) {
        this.template = new TransactionTemplate(transactionManager);
        this.template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return exchange -> template.executeWithoutResult(status -> {
            try {
                processor.process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                status.setRollbackOnly(); // the exception stays on the exchange for the leg's error handler
            }
        });
    }
}
