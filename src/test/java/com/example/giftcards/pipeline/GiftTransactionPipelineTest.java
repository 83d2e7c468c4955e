package com.example.giftcards.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.example.giftcards.support.LegWatch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.DeliveryMode;
import jakarta.jms.TextMessage;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * voucher.gift.transaction.created end to end, one event of each type alone, over real HTTP, broker, ERP database
 * (H2, or PostgreSQL when ERP_DB_URL is set) and SMTP server: the ledger row with its type and signed amount, the
 * balance, the public event on its own queue, and an email only for money added.
 */
@Tag("database")
class GiftTransactionPipelineTest extends IntegrationTest {

    static final String PUBLIC_TRANSACTIONS = "voucherify.gift.transaction.created";
    static final String INVALID = "voucherify.events.invalid";

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "voucher.gift.transaction.created.json,            CREDITS_ADDITION,   1000,  2000",
            "voucher.gift.transaction.created.refund.json,     CREDITS_REFUND,     44,    121000",
            "voucher.gift.transaction.created.redemption.json, CREDITS_REDEMPTION, -7000, 123000",
            "voucher.gift.transaction.created.removal.json,    CREDITS_REMOVAL,    -2000, 121000"})
    void eachTypeIsBookedWithItsSignPublishedAndEmailedOnlyWhenMoneyIsAdded(String sample, String type, long amount,
                                                                           long balanceAfter) throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.transaction(sample, id);
        Fixtures.holderOf(envelope).put("email", Fixtures.emailOf(id)); // an address for every type: only the type decides
        boolean topUp = type.equals("CREDITS_ADDITION");
        LegWatch erpLeg = LegWatch.erpLeg(camel, BROKER, "evvou_" + id);
        LegWatch emailLeg = topUp ? LegWatch.emailLegThrough(camel, BROKER, "evvou_" + id, "email-once")
                : LegWatch.emailLegSkipped(camel, BROKER, "evvou_" + id);
        // Pretty-printed: the public event must still be the very bytes that were posted.
        byte[] body = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope);

        HttpResponse<String> response = webhooks.post(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(Fixtures.parse(response.body())).isEqualTo(Fixtures.parse(
                "{\"status\":\"accepted\",\"event_id\":\"evvou_" + id + "\"}"));
        TextMessage event = (TextMessage) BROKER.client().receiveSelected(PUBLIC_TRANSACTIONS, "eventId = 'evvou_" + id + "'");
        assertThat(event).as("event on " + PUBLIC_TRANSACTIONS).isNotNull();
        assertThat(event.getText().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(event.getStringProperty("eventType")).isEqualTo("voucher.gift.transaction.created");
        assertThat(event.getStringProperty("voucherId")).isEqualTo("v_" + id);
        assertThat(event.getStringProperty("transactionId")).isEqualTo("vtx_" + id);
        assertThat(event.getStringProperty("transactionType")).isEqualTo(type);
        assertThat(event.getObjectProperty("receivedAt")).isNotNull();
        assertThat(event.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);

        erpLeg.awaitDone();
        assertThat(ledger("vtx_" + id)).singleElement().satisfies(row -> {
            assertThat(row.get("transaction_type")).isEqualTo(type);
            assertThat(((Number) row.get("amount")).longValue()).isEqualTo(amount);
            assertThat(((Number) row.get("balance_after")).longValue()).isEqualTo(balanceAfter);
            assertThat(row.get("voucher_id")).isEqualTo("v_" + id);
            assertThat(row.get("event_id")).isEqualTo("evvou_" + id);
        });
        Map<String, Object> card = balance("v_" + id).get(0);
        assertThat(((Number) card.get("balance")).longValue()).isEqualTo(balanceAfter);
        assertThat(card.get("last_transaction_id")).isEqualTo("vtx_" + id);

        emailLeg.awaitDone(); // finished the event the way its type says: sent, or skipped as not a top-up
        JsonNode journal = journal("evvou_" + id);
        assertThat(journal.at("/legs/erp/outcome").asText()).isEqualTo("done");
        if (topUp) {
            MimeMessage email = eventually.emailTo(Fixtures.emailOf(id));
            assertThat(email.getSubject()).isEqualTo("Your gift card has been topped up with €10.00 (new balance €20.00)");
            assertThat(journal.at("/legs/email/outcome").asText()).isEqualTo("sent");
        } else {
            assertThat(MAIL.to(Fixtures.emailOf(id))).as("no email for a " + type).isEmpty();
            assertThat(MAIL.mentioning("vtx_" + id)).isZero();
            assertThat(journal.at("/legs/email/outcome").asText()).isEqualTo("skipped");
            assertThat(journal.at("/legs/email/reason").asText()).isEqualTo("not a top-up: no email for a " + type + " transaction");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown type         | voucher.gift.transaction.created.json            | CREDITS_TRANSFER   | 1000  | 2000 | data.transaction.type 'CREDITS_TRANSFER' is not one of CREDITS_ADDITION, CREDITS_REFUND, CREDITS_REDEMPTION, CREDITS_REMOVAL",
            "addition taking      | voucher.gift.transaction.created.json            | CREDITS_ADDITION   | -1000 | 2000 | data.balance.amount is negative (-1000) for a CREDITS_ADDITION, which adds money",
            "refund taking        | voucher.gift.transaction.created.refund.json     | CREDITS_REFUND     | -44   | 2000 | data.balance.amount is negative (-44) for a CREDITS_REFUND, which adds money",
            "redemption adding    | voucher.gift.transaction.created.redemption.json | CREDITS_REDEMPTION | 7000  | 2000 | data.balance.amount is positive (7000) for a CREDITS_REDEMPTION, which takes money off the card",
            "removal adding       | voucher.gift.transaction.created.removal.json    | CREDITS_REMOVAL    | 2000  | 2000 | data.balance.amount is positive (2000) for a CREDITS_REMOVAL, which takes money off the card",
            "negative balance     | voucher.gift.transaction.created.redemption.json | CREDITS_REDEMPTION | -7000 | -1   | data.balance.balance is negative"})
    void anInvalidTransactionIsParkedAndReachesNeitherTheErpNorAnyLeg(String name, String sample, String type, long amount,
                                                                     long balanceAfter, String reason) throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.transaction(sample, id);
        envelope.with("data").with("transaction").put("type", type);
        envelope.with("data").with("balance").put("amount", amount).put("balance", balanceAfter);
        Fixtures.holderOf(envelope).put("email", Fixtures.emailOf(id));
        byte[] body = Fixtures.compact(envelope);
        Map<String, Long> handedOffBefore = handOffQueueCounts();

        HttpResponse<String> response = webhooks.post(body);

        assertThat(response.statusCode()).as(name).isEqualTo(202);
        JsonNode answer = Fixtures.parse(response.body());
        assertThat(answer.get("status").asText()).isEqualTo("parked");
        assertThat(answer.get("event_id").asText()).isEqualTo("evvou_" + id);
        assertThat(answer.at("/error/code").asText()).isEqualTo("invalid_event");
        assertThat(answer.at("/error/message").asText()).isEqualTo(reason);
        TextMessage kept = (TextMessage) BROKER.client().receiveSelected(INVALID, "eventId = 'evvou_" + id + "'");
        assertThat(kept).as("kept for operators").isNotNull();
        assertThat(kept.getText().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(kept.getStringProperty("failureReason")).isEqualTo(reason);
        assertThat(kept.getStringProperty("eventType")).isEqualTo("voucher.gift.transaction.created");
        // The 202 came after the parking committed: had anything been handed off, it would be on these queues now.
        assertThat(handOffQueueCounts()).as("no leg and no subscriber saw it").isEqualTo(handedOffBefore);
        assertThat(ledger("vtx_" + id)).isEmpty();
        assertThat(balance("v_" + id)).isEmpty();
        assertThat(MAIL.to(Fixtures.emailOf(id))).isEmpty();
        assertThat(journal("evvou_" + id).get("status").asText()).isEqualTo("parked");
    }

    /** How many messages were ever put on each queue of a hand-off. */
    private static Map<String, Long> handOffQueueCounts() {
        return Map.of(PUBLIC_TRANSACTIONS, BROKER.enqueued(PUBLIC_TRANSACTIONS),
                "voucherify.gift.balance_added", BROKER.enqueued("voucherify.gift.balance_added"),
                "voucherify.leg.erp", BROKER.enqueued("voucherify.leg.erp"),
                "voucherify.leg.email", BROKER.enqueued("voucherify.leg.email"));
    }

    private JsonNode journal(String eventId) {
        HttpResponse<String> response = http.send("GET", "/admin/events/" + eventId, HttpRequest.BodyPublishers.noBody(),
                "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Fixtures.parse(response.body());
    }
}
