package com.example.giftcards;

import com.example.giftcards.rehearsal.RouteTestsCommand;
import com.example.giftcards.rehearsal.TryEventCommand;
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
        if (TryEventCommand.isRequested(args)) { // one event through the routes, with no effect anywhere; exits
            System.exit(TryEventCommand.runFromCommandLine(args, GiftCardIntegrationApplication.class));
        }
        if (RouteTestsCommand.isRequested(args)) { // the route tests in routes/tests/; exits
            System.exit(RouteTestsCommand.runFromCommandLine(args, GiftCardIntegrationApplication.class));
        }
        // Jakarta Mail otherwise looks its stream provider up with a ServiceLoader scan for every MIME part it writes:
        // about a quarter of the CPU of a burst of emails (docs/performance.md). Naming it skips the scan.
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        SpringApplication.run(GiftCardIntegrationApplication.class, args);
    }
}
