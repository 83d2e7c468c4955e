package com.example.giftcards.state;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Idempotency keys, kept in the state database and so shared by every instance. */
@Configuration(proxyBeanMethods = false)
public class IdempotencyConfiguration {

    /** Webhook deliveries already handed off, keyed on {@code source.id:event.id}. */
    @Bean
    @DependsOn("flywayInitializer") // the state database's tables exist first
    public SharedIdempotentRepository webhookEventRepository(
            @Qualifier("stateTransactionManager") DataSourceTransactionManager state) {
        return new SharedIdempotentRepository(state, "webhook-intake");
    }
}
