package com.example.giftcards.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.example.giftcards.GiftCardIntegrationApplication;
import com.example.giftcards.support.RoutesCopy;
import org.junit.jupiter.api.Test;

/**
 * The shipped route tests can fail: an unintended change to a route, an SQL file or a template, made to a copy of
 * routes/ as the team would make it, fails the cases that pin what the customer and the ERP see - through the
 * command the team runs ({@code --test-routes DIR}).
 */
class RouteTestsCatchEditsTest {

    @Test
    void aChangedSubjectLineFailsTheCasesThatPinIt() {
        RoutesCopy routes = RoutesCopy.ofRepository().replace("templates/top-up-email.subject.mustache",
                "Your gift card has been topped up with {{{body.amountAdded}}}",
                "Your gift card was topped up with {{{body.amountAdded}}}");

        List<String> output = testRoutes(routes, 1);

        assertThat(output).anySatisfy(line -> assertThat(line)
                .startsWith("FAIL A top-up with an email address gets a ledger row, the balance and one email: ")
                .contains("email subject: expected \"Your gift card has been topped up with €4.00 (new balance €159.00)\","
                        + " got \"Your gift card was topped up with €4.00 (new balance €159.00)\""));
        assertThat(output).contains("PASS A top-up without an email address updates the ERP and sends no email");
        assertThat(output.get(output.size() - 1)).isEqualTo("14 passed, 1 failed");
    }

    @Test
    void sqlWritingTheAmountIntoTheWrongColumnFailsTheLedgerCases() {
        RoutesCopy routes = RoutesCopy.ofRepository().replace("sql/record-transaction.sql",
                "AS s (transaction_id, transaction_type, voucher_id, amount, balance_after, reason,",
                "AS s (transaction_id, transaction_type, voucher_id, balance_after, amount, reason,");

        List<String> output = testRoutes(routes, 1);

        assertThat(output).anySatisfy(line -> assertThat(line)
                .startsWith("FAIL A top-up with an email address gets a ledger row, the balance and one email: ")
                .contains("gift_card_transaction: expected a row {transaction_id=vtx_0e6feafe6952a94a54")
                .contains("amount=15900, balance_after=400"));
        assertThat(output).anySatisfy(line -> assertThat(line).startsWith("FAIL Out-of-order top-ups keep the newer balance"));
        assertThat(output).contains("PASS An unknown event type is ignored and kept for operators");
        assertThat(output.get(output.size() - 1)).matches("\\d+ passed, \\d+ failed").doesNotEndWith(" 0 failed");
    }

    @Test
    void aRouteThatNoLongerEmailsFailsTheEmailCases() {
        RoutesCopy routes = RoutesCopy.ofRepository().replace("31-customer-email.camel.yaml",
                "                  - to:\n                      uri: direct:email-once\n",
                "                  - bean:\n                      ref: eventJournal\n                      method: emailSkipped\n");

        List<String> output = testRoutes(routes, 1);

        assertThat(output).anySatisfy(line -> assertThat(line)
                .startsWith("FAIL A top-up with an email address gets a ledger row, the balance and one email: ")
                .contains("expected 1 email(s), got 0"));
        assertThat(output).anySatisfy(line -> assertThat(line)
                .startsWith("FAIL The same top-up under both event types gives one ledger row and one email: ")
                .contains("expected 1 email(s), got 0"));
        assertThat(output).contains("PASS A top-up without an email address updates the ERP and sends no email");
    }

    static List<String> testRoutes(RoutesCopy routes, int expectedExitCode) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exitCode = RouteTestsCommand.run(new String[] {"--test-routes", routes.dir().toString()},
                GiftCardIntegrationApplication.class, new PrintStream(buffer, true, StandardCharsets.UTF_8), false);
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(exitCode).as(String.join("\n", lines)).isEqualTo(expectedExitCode);
        return lines;
    }
}
