package com.example.giftcards.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.example.giftcards.GiftCardIntegrationApplication;
import com.example.giftcards.support.RoutesCopy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --try}: each reason for each exit code, in-JVM through the command's entry point. Accepted, ignored and
 * duplicate (answered 2xx, every leg fine) exit 0 with the outcome printed; an invalid or refused event, SQL naming a
 * column the ERP lacks, a template that does not compile and an unknown bean exit 1 with the reason (and file:line).
 * Without ERP_DB_URL the ERP is an in-memory copy of the service's tables; {@link TryWithoutSideEffectsTest} runs it
 * against a configured database, broker, SMTP server and state database.
 */
class TryEventCommandTest {

    static final Path EVENTS = Path.of("routes/tests/events");

    @TempDir
    Path tmp;

    @Test
    void anAcceptedTopUpShowsTheAnswerTheErpStatementsAndRowsTheEmailAndTheMessages() throws Exception {
        Path event = withEmail("jack@example.com");

        Output output = tryEvent(0, event.toString(), "--routes", "routes");

        assertThat(output.text()).startsWith("Webhook answer: accepted (202), event evcus_0e6feafe6952a94a77"
                + " (customer.voucher.gift.balance_added)");
        assertThat(output.text())
                .contains("Leg erp-update (from queue voucherify.leg.erp): would succeed")
                .contains("  SQL sql/record-transaction.sql: 1 row(s) updated\n    transactionId = vtx_0e6feafe6952a94a54\n")
                .contains("    amount = 400\n    balanceAfter = 15900\n")
                .contains("  SQL sql/update-balance.sql: 1 row(s) updated\n")
                .contains("    currency = EUR\n")
                .contains("    gift_card_transaction: {transaction_id=vtx_0e6feafe6952a94a54, voucher_id=v_oNia4nTFDqYZOWYJiMpX8ocB6p6ZaEBm, amount=400, balance_after=15900")
                .contains("    gift_card_balance: {voucher_id=v_oNia4nTFDqYZOWYJiMpX8ocB6p6ZaEBm, voucher_code=Gift-for-you-0, holder_id=cust_IdgAFZxYwwHctOk9pPuMu308, balance=15900, currency=EUR")
                .contains("    To: jack@example.com\n")
                .contains("    Subject: Your gift card has been topped up with €4.00 (new balance €159.00)\n")
                .contains("      | Good news: €4.00 has been added to your gift card Gift-for-you-0.\n")
                .contains("      |   <p>Good news: <strong>€4.00</strong> has been added to your gift card <strong>Gift-for-you-0</strong>.</p>\n")
                .contains("  voucherify.gift.balance_added: {eventId=evcus_0e6feafe6952a94a77, eventType=customer.voucher.gift.balance_added")
                .containsPattern("\nRoutes: Checked \\d+ route files and \\d+ referenced files in "
                        + Pattern.quote(Path.of("routes").toAbsolutePath().normalize().toString()) + ": no problems\\.\n")
                .endsWith("Result: OK (exit 0)\n");
        // in the order the issue asks for: answer, ERP leg, email leg, the public message
        assertThat(output.text().indexOf("SQL sql/record-transaction.sql")).isLessThan(output.text().indexOf("Subject:"));
        assertThat(output.text().indexOf("Subject:")).isLessThan(output.text().indexOf("JMS messages"));
    }

    @Test
    void jsonGivesTheSameAsOneObject() throws Exception {
        Output output = tryEvent(0, withEmail("jack@example.com").toString(), "--routes", "routes", "--json");

        JsonNode json = new ObjectMapper().readTree(output.text());
        assertThat(json.path("outcome").asText()).isEqualTo("accepted");
        assertThat(json.path("exitCode").asInt()).isZero();
        assertThat(json.path("routes").asText()).isEqualTo(Path.of("routes").toAbsolutePath().normalize().toString());
        assertThat(json.path("answer").path("event_id").asText()).isEqualTo("evcus_0e6feafe6952a94a77");
        JsonNode erp = json.path("legs").path(0);
        assertThat(erp.path("route").asText()).isEqualTo("erp-update");
        assertThat(erp.path("statements").path(0).path("file").asText()).isEqualTo("sql/record-transaction.sql");
        assertThat(erp.path("statements").path(0).path("values").path("amount").asLong()).isEqualTo(400);
        assertThat(erp.path("statements").path(0).path("updateCount").asInt()).isEqualTo(1);
        assertThat(json.path("erpRows").path("gift_card_balance").path(0).path("balance").asLong()).isEqualTo(15900);
        JsonNode email = json.path("legs").path(1).path("emails").path(0);
        assertThat(email.path("subject").asText()).isEqualTo("Your gift card has been topped up with €4.00 (new balance €159.00)");
        assertThat(email.path("html").asText()).contains("<strong>€159.00</strong>");
        assertThat(json.path("messages").path(0).path("destination").asText()).isEqualTo("voucherify.gift.balance_added");
        assertThat(json.path("messages").path(0).path("properties").path("transactionId").asText()).isEqualTo("vtx_0e6feafe6952a94a54");
    }

    @Test
    void aTopUpWithoutAnEmailAddressSaysWhyThereIsNoEmail() throws Exception {
        Output output = tryEvent(0, EVENTS.resolve("customer-balance-added.json").toString(), "--routes", "routes");

        assertThat(output.text()).contains("Leg customer-email (from queue voucherify.leg.email): would succeed\n"
                + "  No email: skipped: no email address\n");
    }

    @Test
    void anIgnoredEventExitsZeroWithItsOutcome() throws Exception {
        Output output = tryEvent(0, EVENTS.resolve("voucher-created.json").toString(), "--routes", "routes");

        assertThat(output.text()).startsWith("Webhook answer: ignored (202), event evvou_0e6feafe6952a94a75")
                .contains("  voucherify.events.unhandled: {eventId=evvou_0e6feafe6952a94a75")
                .endsWith("Result: OK (exit 0)\n");
    }

    @Test
    void anInvalidEventExitsOneWithTheReason() throws Exception {
        Path event = edited("customer-balance-added.json", "\"amount\": 400,", "\"amount\": -400,");

        Output output = tryEvent(1, event.toString(), "--routes", "routes");

        assertThat(output.text()).startsWith("Webhook answer: invalid (202), event evcus_0e6feafe6952a94a77 (customer.voucher.gift.balance_added):"
                        + " data.balance.amount is negative")
                .contains("  voucherify.events.invalid: {")
                .endsWith("Result: FAILED (exit 1): the webhook would be answered invalid: data.balance.amount is negative\n");
    }

    @Test
    void aRefusedBodyExitsOneWithTheReason() throws Exception {
        Path event = Files.writeString(tmp.resolve("raw.json"), "{\"voucher\": {\"id\": \"v_1\"}}");

        Output output = tryEvent(1, event.toString(), "--routes", "routes");

        assertThat(output.text()).startsWith("Webhook answer: invalid (400): not_an_envelope: Not a Voucherify v2024-01-01 webhook envelope: the key 'id' is missing")
                .contains("Legs: none run");
    }

    @Test
    void sqlNamingAColumnTheErpLacksExitsOneWithTheFileAndLine() throws Exception {
        RoutesCopy routes = RoutesCopy.ofRepository().replace("sql/update-balance.sql",
                "    UPDATE SET voucher_code        = COALESCE(s.voucher_code, b.voucher_code),",
                "    UPDATE SET voucher_name        = COALESCE(s.voucher_code, b.voucher_code),");
        int line = routes.read("sql/update-balance.sql").lines().toList()
                .indexOf("    UPDATE SET voucher_name        = COALESCE(s.voucher_code, b.voucher_code),") + 1;

        Output output = tryEvent(1, EVENTS.resolve("customer-balance-added.json").toString(), "--routes", routes.dir().toString());

        assertThat(output.text()).contains("Leg erp-update (from queue voucherify.leg.erp): would FAIL: ")
                .containsIgnoringCase("\"voucher_name\"")
                .contains("[sql/update-balance.sql:" + line + "]\n")
                .contains("  SQL sql/update-balance.sql: refused: ")
                .contains("  The service would retry it, then park it on DLQ.voucherify.leg.erp {")
                .contains("Result: FAILED (exit 1): leg erp-update would fail: ");
    }

    @Test
    void aTemplateThatDoesNotCompileExitsOneWithTheRouteCheckProblem() throws Exception {
        RoutesCopy routes = RoutesCopy.ofRepository().replace("templates/top-up-email.html.mustache",
                "{{body.amountAdded}}</strong> has been added", "{{#body.amountAdded}}</strong> has been added");

        Output output = tryEvent(1, withEmail("jack@example.com").toString(), "--routes", routes.dir().toString());

        assertThat(output.text()).startsWith("templates/top-up-email.html.mustache:9: ")
                .contains(": 1 problem");
    }

    @Test
    void anUnknownBeanExitsOneWithTheFileAndLine() throws Exception {
        RoutesCopy routes = RoutesCopy.ofRepository().replace("30-erp-update.camel.yaml",
                "            id: journal-erp-done\n            ref: eventJournal\n",
                "            id: journal-erp-done\n            ref: eventJurnal\n");
        int line = routes.read("30-erp-update.camel.yaml").lines().toList().indexOf("            ref: eventJurnal") + 1;

        Output output = tryEvent(1, withEmail("jack@example.com").toString(), "--routes", routes.dir().toString());

        assertThat(output.text()).startsWith("30-erp-update.camel.yaml:" + line + ": the routes cannot start: ")
                .contains("eventJurnal");
    }

    @Test
    void anEndpointARouteEditAddsIsCapturedNotCalled() throws Exception {
        Path outbox = tmp.resolve("outbox");
        RoutesCopy routes = RoutesCopy.ofRepository().replace("31-customer-email.camel.yaml",
                "        - log:\n            message: \"Top-up email sent",
                "        - to:\n            id: copy-for-crm\n            description: A copy for the CRM\n"
                        + "            uri: file:" + outbox + "\n"
                        + "        - log:\n            message: \"Top-up email sent");

        Output output = tryEvent(0, withEmail("jack@example.com").toString(), "--routes", routes.dir().toString());

        assertThat(output.text()).contains("Other endpoints the routes would call (captured, not called):\n"
                + "  file://" + outbox + "\n");
        assertThat(outbox).doesNotExist();
    }

    @Test
    void aWrongCommandLineExitsTwo() {
        assertThat(tryEvent(2, "--routes").text()).startsWith("Usage: java -jar <application jar> --try EVENT.json");
    }

    private Path withEmail(String address) throws IOException {
        return edited("customer-balance-added.json", "\"email\": null", "\"email\": \"" + address + "\"");
    }

    private Path edited(String event, String text, String replacement) throws IOException {
        String content = Files.readString(EVENTS.resolve(event));
        assertThat(content).contains(text);
        return Files.writeString(tmp.resolve("edited-" + event), content.replace(text, replacement));
    }

    record Output(String text) {
    }

    static Output tryEvent(int expectedExitCode, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "--try";
        System.arraycopy(options, 0, args, 1, options.length);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exitCode = TryEventCommand.run(args, GiftCardIntegrationApplication.class,
                new PrintStream(buffer, true, StandardCharsets.UTF_8), false);
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).as(text).isEqualTo(expectedExitCode);
        return new Output(text);
    }
}
