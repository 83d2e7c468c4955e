package com.example.giftcards.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.example.giftcards.support.RoutesCopy;
import com.example.giftcards.support.WorkedExamples;
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
                "PASS A refund gets the refund email, a redemption still none",
                "PASS A French customer gets the email in French",
                "PASS A top-up with an email address gets a ledger row, the balance and one email");
        assertThat(output.get(output.size() - 1)).isEqualTo("20 passed, 0 failed");
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
                        + "expected \"Good news: €4.00 on your gift card\", got \"Your gift card has been topped up with €4.00 (new balance €159.00)\""));
        assertThat(output).anySatisfy(line -> assertThat(line).startsWith("FAIL A refund gets the refund email, a redemption still none: "));
        assertThat(output).anySatisfy(line -> assertThat(line).startsWith("FAIL A French customer gets the email in French: "));
        assertThat(output.get(output.size() - 1)).isEqualTo("14 passed, 6 failed");
    }

    /** The cases of the worked examples, copied in as the guide says; example 3 edits the subject of a shipped case. */
    static RoutesCopy withExampleCases(RoutesCopy routes) throws IOException {
        for (String file : List.of("campaign-in-the-email.yaml", "campaign-in-the-ledger.yaml", "voucher-published.yaml",
                "refund-email.yaml", "french-customer.yaml", "erp-schema.sql")) {
            Files.copy(Path.of("docs/examples/tests", file), routes.dir().resolve("tests").resolve(file));
        }
        return routes.replace("tests/top-up-with-email.yaml",
                "    subject: Your gift card has been topped up with €4.00 (new balance €159.00)\n",
                "    subject: \"Good news: €4.00 on your gift card\"\n");
    }

    /** The edits of the worked examples, exactly as docs/changing-routes.md shows them (as WorkspaceExamplesTest does). */
    static void edits(RoutesCopy routes) throws IOException {
        WorkedExamples.applyTo(routes);
        WorkedExamples.newSubject(routes);
    }
}
