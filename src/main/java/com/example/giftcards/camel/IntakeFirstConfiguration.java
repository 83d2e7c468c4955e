package com.example.giftcards.camel;

import java.time.Duration;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The legs yield to the intake ({@link IntakeFirst}); Camel applies every RoutePolicyFactory bean to every route. */
@Configuration(proxyBeanMethods = false)
public class IntakeFirstConfiguration {

    @Bean
    public IntakeFirst intakeFirst(@Value("${gift.legs.yield-to-intake.intake-routes:webhook-intake}") Set<String> intakeRoutes,
                                   @Value("${gift.legs.yield-to-intake.leg-routes:erp-update,customer-email}") Set<String> legRoutes,
                                   @Value("${gift.legs.yield-to-intake.legs-while-intake:1}") int legsWhileIntake,
                                   @Value("${gift.legs.yield-to-intake.max-wait:50ms}") Duration maxWait) {
        return new IntakeFirst(intakeRoutes, legRoutes, legsWhileIntake, maxWait.toMillis());
    }
}
