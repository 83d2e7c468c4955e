package com.example.giftcards.state;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Idempotency keys, kept in a database every instance shares: the state database's, or on the embedded defaults an H2
 * file of their own ({@code gift.keys-db}).
 */
@Configuration(proxyBeanMethods = false)
public class IdempotencyConfiguration {

    /** Webhook deliveries already handed off, keyed on {@code source.id:event.id}. */
    @Bean
    @DependsOn("flywayInitializer") // the state database's tables exist first
    public SharedIdempotentRepository webhookEventRepository(
            @Qualifier("keysTransactionManager") DataSourceTransactionManager keys) {
        return new SharedIdempotentRepository(keys, "webhook-intake");
    }
}
