package com.example.giftcards;

import com.example.giftcards.routecheck.ValidateRoutesCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Voucherify gift-card webhooks to a JMS event, an ERP update and a customer email.
 * The routing itself lives in the YAML files under {@code routes/}; Java only wires the infrastructure.
 */
@SpringBootApplication
@EnableScheduling // the purge of expired state (state.ExpiredStatePurge)
public class GiftCardIntegrationApplication {

    public static void main(String[] args) {
        if (ValidateRoutesCommand.isRequested(args)) { // checks the routes folder and exits; Spring never starts
            System.exit(ValidateRoutesCommand.runFromCommandLine(args));
        }
        SpringApplication.run(GiftCardIntegrationApplication.class, args);
    }
}
