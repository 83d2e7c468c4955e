package com.example.giftcards.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.example.giftcards.support.RoutesCopy;
import org.junit.jupiter.api.Test;

/**
 * Every worked example of docs/changing-routes.md has its route test (docs/examples/tests/, or the one-line edit of
 * a shipped case the guide shows): with the example's edit the whole suite passes; without it, the example's case
 * fails - the loop edit, --validate-routes, --test-routes, as the guide describes it.
 */
class WorkedExamplesRouteTestsTest {

    @Test
    void withTheEditsOfEveryWorkedExampleEveryCaseIncludingTheirsPasses() throws IOException {
        RoutesCopy routes = withExampleCases(RoutesCopy.ofRepository());
        edits(routes);

        List<String> output = RouteTestsCatchEditsTest.testRoutes(routes, 0);

        assertThat(output).contains("PASS The top-up email names the campaign, escaped in the HTML",
                "PASS The ledger row has the campaign",
                "PASS A published voucher is accepted and kept on its own queue with its code",
                "PASS A top-up with an email address gets a ledger row, the balance and one email");
        assertThat(output.get(output.size() - 1)).isEqualTo("14 passed, 0 failed");
    }

    @Test
    void withoutTheEditsTheExamplesCasesFail() throws IOException {
        RoutesCopy routes = withExampleCases(RoutesCopy.ofRepository());

        List<String> output = RouteTestsCatchEditsTest.testRoutes(routes, 1);

        assertThat(output).anySatisfy(line -> assertThat(line)
                .startsWith("FAIL The top-up email names the campaign, escaped in the HTML: email text: expected to contain \"Campaign: Spring <b>sale</b>\""));
        assertThat(output).anySatisfy(line -> assertThat(line)
                .startsWith("FAIL The ledger row has the campaign: gift_card_transaction: expected a row {transaction_id=vtx_0e6feafe6952a94a54, amount=400, campaign=Gift programme}, got [{transaction_id=vtx_0e6feafe6952a94a54, amount=400, campaign=null}]"));
        assertThat(output).anySatisfy(line -> assertThat(line)
                .startsWith("FAIL A published voucher is accepted and kept on its own queue with its code: ")
                .contains("expected answer accepted, got ignored"));
        assertThat(output).anySatisfy(line -> assertThat(line)
                .startsWith("FAIL A top-up with an email address gets a ledger row, the balance and one email: email subject: "
                        + "expected \"Good news: 4.00 EUR on your gift card\", got \"Your gift card has been topped up with 4.00 EUR (new balance 159.00 EUR)\""));
        assertThat(output.get(output.size() - 1)).isEqualTo("10 passed, 4 failed");
    }

    /** The cases of the worked examples, copied in as the guide says; example 3 edits the subject of a shipped case. */
    static RoutesCopy withExampleCases(RoutesCopy routes) throws IOException {
        for (String file : List.of("campaign-in-the-email.yaml", "campaign-in-the-ledger.yaml", "voucher-published.yaml", "erp-schema.sql")) {
            Files.copy(Path.of("docs/examples/tests", file), routes.dir().resolve("tests").resolve(file));
        }
        return routes.replace("tests/top-up-with-email.yaml",
                "    subject: Your gift card has been topped up with 4.00 EUR (new balance 159.00 EUR)\n",
                "    subject: \"Good news: 4.00 EUR on your gift card\"\n");
    }

    /** The edits of the worked examples, exactly as docs/changing-routes.md shows them (as WorkspaceExamplesTest does). */
    static void edits(RoutesCopy routes) throws IOException {
        // 1. a payload field in the email
        routes.replace("templates/top-up-email.html.mustache",
                "  <p>You can use your balance on your next order.</p>\n",
                "  <p>You can use your balance on your next order.</p>\n  <p>Campaign: {{body.envelope.data.voucher.campaign}}</p>\n");
        routes.replace("templates/top-up-email.txt.mustache",
                "You can use your balance on your next order.\n",
                "You can use your balance on your next order.\nCampaign: {{{body.envelope.data.voucher.campaign}}}\n");
        // 2. an extra ERP column
        routes.replace("sql/record-transaction.sql",
                "        CAST(:#eventId         AS VARCHAR(200))\n",
                "        CAST(:#eventId         AS VARCHAR(200)),\n        CAST(:#${body.envelope[data][voucher][campaign]} AS VARCHAR(200))\n");
        routes.replace("sql/record-transaction.sql",
                "AS s (transaction_id, voucher_id, amount, balance_after, reason, source, occurred_at, event_id)",
                "AS s (transaction_id, voucher_id, amount, balance_after, reason, source, occurred_at, event_id, campaign)");
        routes.replace("sql/record-transaction.sql",
                "INSERT (transaction_id, voucher_id, amount, balance_after, reason, source, occurred_at, event_id, received_at)",
                "INSERT (transaction_id, voucher_id, amount, balance_after, reason, source, occurred_at, event_id, received_at, campaign)");
        routes.replace("sql/record-transaction.sql", "            s.event_id, CURRENT_TIMESTAMP)",
                "            s.event_id, CURRENT_TIMESTAMP, s.campaign)");
        // 3. the subject line
        routes.replace("31-customer-email.camel.yaml",
                "expression: \"Your gift card has been topped up with ${body.amountAdded} (new balance ${body.newBalance})\"",
                "expression: \"Good news: ${body.amountAdded} on your gift card\"");
        // 4. one more event type, with a new route file
        Files.copy(Path.of("docs/examples/21-voucher-published.camel.yaml"), routes.dir().resolve("21-voucher-published.camel.yaml"));
        routes.replace("10-webhook-intake.camel.yaml",
                "                        otherwise:\n                          id: otherwise-unhandled\n",
                """
                                          - id: when-voucher-published
                                            description: A voucher was published
                                            expression:
                                              simple:
                                                expression: ${header.eventType} == 'voucher.published'
                                            steps:
                                              - to:
                                                  id: call-keep-voucher-published
                                                  description: Onto its own queue
                                                  uri: direct:keep-voucher-published
                                              - bean:
                                                  id: answer-voucher-published
                                                  description: 202 accepted
                                                  ref: webhookAnswers
                                                  method: accepted
                                        otherwise:
                                          id: otherwise-unhandled
                        """.indent(24 - 16).stripTrailing() + "\n");
    }
}
