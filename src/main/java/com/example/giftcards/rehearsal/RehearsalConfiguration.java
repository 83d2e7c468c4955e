package com.example.giftcards.rehearsal;

import javax.sql.DataSource;

import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The application in rehearsal mode (Spring profile {@code rehearsal}, started by {@link Rehearsal}): the same beans
 * and routes as the service, with the few pieces that reach the outside world swapped for ones that do not.
 * <ul>
 * <li>{@code erpDataSource}: wrapped in a {@link RehearsalErpDataSource} (statements recorded; for a try, rolled back).
 * <li>{@code jmsTransaction}: no JMS transaction, since no broker is connected (the sends are captured instead).
 * <li>{@code webhookEventRepository} (a try only): a read-only look-up of the configured state database, if any.
 * <li>{@code erpSchemaMigration} (a try against a configured ERP only): not run; that database is not ours to change.
 * </ul>
 * The rest (no web server, no broker, no SMTP catcher, in-memory state) is properties, set by {@link Rehearsal}.
 */
@Configuration(proxyBeanMethods = false)
@Profile(Rehearsal.PROFILE)
public class RehearsalConfiguration {

    @Bean
    static BeanPostProcessor rehearsalStandIns(Environment environment) {
        boolean isTry = RehearsalMode.TRY.name().equals(environment.getProperty(Rehearsal.MODE_PROPERTY));
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return switch (name) {
                    case "erpDataSource" -> new RehearsalErpDataSource((DataSource) bean);
                    case "jmsTransaction" -> new NoTransaction();
                    case "webhookEventRepository" -> isTry ? new ReadOnlyIdempotentRepository(stateLookup(environment)) : bean;
                    default -> bean;
                };
            }
        };
    }

    @Bean
    static BeanFactoryPostProcessor rehearsalLeavesTheErpSchemaAlone(Environment environment) {
        return factory -> {
            if (Boolean.parseBoolean(environment.getProperty(Rehearsal.CONFIGURED_ERP_PROPERTY))
                    && factory instanceof BeanDefinitionRegistry registry && registry.containsBeanDefinition("erpSchemaMigration")) {
                registry.removeBeanDefinition("erpSchemaMigration");
            }
        };
    }

    /** The configured state database (STATE_DB_URL), read-only, or null when none is configured. */
    private static DataSource stateLookup(Environment environment) {
        String url = environment.getProperty(Rehearsal.STATE_LOOKUP_URL_PROPERTY, "");
        if (url.isBlank()) {
            return null;
        }
        DriverManagerDataSource lookup = new DriverManagerDataSource(url,
                environment.getProperty("STATE_DB_USER", "sa"), environment.getProperty("STATE_DB_PASSWORD", ""));
        return lookup;
    }

    /** The hand-off's JMS transaction, in a rehearsal: none, the sends are captured. */
    static final class NoTransaction implements Policy {
        @Override
        public void beforeWrap(Route route, NamedNode definition) {
            // nothing to prepare
        }

        @Override
        public Processor wrap(Route route, Processor processor) {
            return processor;
        }
    }
}
