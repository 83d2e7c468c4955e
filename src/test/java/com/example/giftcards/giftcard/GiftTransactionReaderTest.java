package com.example.giftcards.giftcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;

import com.example.giftcards.support.Fixtures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GiftTransactionReaderTest {

    private final GiftTransactionReader reader = new GiftTransactionReader();

    @Test
    void readsTheDistributionVariant() {
        GiftTransaction event = reader.read(Fixtures.sample(Fixtures.DISTRIBUTION), "customer.voucher.gift.balance_added");

        assertThat(event.eventId()).isEqualTo("evcus_0e6feafe6952a94a77");
        assertThat(event.voucherId()).isEqualTo("v_oNia4nTFDqYZOWYJiMpX8ocB6p6ZaEBm");
        assertThat(event.voucherCode()).isEqualTo("Gift-for-you-0");
        assertThat(event.holderId()).isEqualTo("cust_IdgAFZxYwwHctOk9pPuMu308");
        assertThat(event.transactionId()).isEqualTo("vtx_0e6feafe6952a94a54");
        assertThat(event.amount()).isEqualTo(400);
        assertThat(event.balanceAfter()).isEqualTo(15900);
        assertThat(event.reason()).isEqualTo("Refund");
        assertThat(event.source()).isEqualTo("voucherify-web-ui");
        assertThat(event.occurredAt()).isEqualTo(OffsetDateTime.parse("2024-03-13T16:54:14.688Z"));
        assertThat(event.customerName()).isEqualTo("Jack Webhook");
        assertThat(event.customerEmail()).isNull();
        assertThat(event.hasRecipient()).isFalse();
        assertThat(event.transactionType()).isEqualTo("CREDITS_ADDITION");
    }

    @Test
    void readsTheProjectSettingsVariantWithItsTrimmedTransaction() {
        GiftTransaction event = reader.read(Fixtures.sample(Fixtures.PROJECT_SETTINGS), "voucher.gift.balance_added");

        assertThat(event.transactionId()).isEqualTo("vtx_0e6feafe6952a94a54");
        assertThat(event.holderId()).isEqualTo("cust_IdgAFZxYwwHctOk9pPuMu308");
        assertThat(event.reason()).isNull();
        assertThat(event.source()).isNull();
        assertThat(event.customerName()).isNull();
        assertThat(event.hasRecipient()).isFalse();
    }

    @Test
    void voucherIdFallsBackToTheTransactionsVoucherId() {
        ObjectNode envelope = Fixtures.sample(Fixtures.DISTRIBUTION);
        envelope.with("data").putNull("voucher");

        assertThat(reader.read(envelope, "x").voucherId()).isEqualTo("v_oNia4nTFDqYZOWYJiMpX8ocB6p6ZaEBm");
        assertThat(reader.read(envelope, "x").voucherCode()).isNull();
    }

    @Test
    void occurredAtFallsBackToTheEventTime() {
        ObjectNode envelope = Fixtures.sample(Fixtures.DISTRIBUTION);
        envelope.with("data").with("transaction").remove("created_at");
        envelope.with("event").put("created_at", "2024-03-13T16:54:15.000Z");

        assertThat(reader.read(envelope, "x").occurredAt()).isEqualTo(OffsetDateTime.parse("2024-03-13T16:54:15Z"));
    }

    @Test
    void theToStringCarriesNoPersonalData() {
        ObjectNode envelope = Fixtures.sample(Fixtures.DISTRIBUTION);
        envelope.with("data").with("customer").put("email", "jack@example.com");

        assertThat(reader.read(envelope, "x").toString()).doesNotContain("jack@example.com", "Jack Webhook");
    }

    @Test
    void textThatIsNotJsonIsInvalid() {
        assertThatThrownBy(() -> reader.fromText("{not json", new org.apache.camel.support.DefaultExchange(new org.apache.camel.impl.DefaultCamelContext())))
                .isInstanceOf(InvalidEventException.class);
    }

    // --- voucher.gift.transaction.created

    private static final String CREATED = "voucher.gift.transaction.created";

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "voucher.gift.transaction.created.json,            CREDITS_ADDITION,   vtx_0f1c4589b8cd1c07b2, 1000,  2000",
            "voucher.gift.transaction.created.refund.json,     CREDITS_REFUND,     vtx_0c94edbbaccbef5db6, 44,    121000",
            "voucher.gift.transaction.created.redemption.json, CREDITS_REDEMPTION, vtx_0c94e8100f8afc1c6c, -7000, 123000",
            "voucher.gift.transaction.created.removal.json,    CREDITS_REMOVAL,    vtx_0c94e9432c4afc2134, -2000, 121000"})
    void readsEachTransactionTypeWithItsSignedAmountFromDataBalance(String sample, String type, String transactionId,
                                                                   long amount, long balanceAfter) {
        GiftTransaction event = reader.read(Fixtures.sample(sample), CREATED);

        assertThat(event.transactionType()).isEqualTo(type);
        assertThat(event.transactionId()).isEqualTo(transactionId);
        assertThat(event.amount()).isEqualTo(amount); // not data.redemption.amount or data.rollback.amount: opposite signs
        assertThat(event.balanceAfter()).isEqualTo(balanceAfter);
        assertThat(event.eventType()).isEqualTo(CREATED);
        assertThat(event.values()).containsEntry("transactionType", type).containsEntry("amount", amount);
    }

    @Test
    void theCustomerOfATransactionIsItsHolder() {
        ObjectNode envelope = Fixtures.sample(Fixtures.TRANSACTION_ADDITION);
        envelope.with("data").with("holder").put("email", "john@example.com");

        GiftTransaction event = reader.read(envelope, CREATED);

        assertThat(event.customerName()).isEqualTo("John Demo 23-01");
        assertThat(event.customerEmail()).isEqualTo("john@example.com");
        assertThat(event.holderId()).isEqualTo("cust_PL4iqfS8K5Ej2LuBNV1RqlfJ");
        assertThat(event.voucherCode()).isEqualTo("3HgJNUlD");
    }

    @Test
    void aTransactionWithoutHolderHasNoRecipient() {
        GiftTransaction event = reader.read(Fixtures.sample(Fixtures.TRANSACTION_REMOVAL), CREATED);

        assertThat(event.customerName()).isNull();
        assertThat(event.hasRecipient()).isFalse();
        assertThat(event.holderId()).isNull();
    }

    @Test
    void aBalanceAddedEventIsAnAdditionWhateverItsTransactionSays() {
        ObjectNode envelope = Fixtures.sample(Fixtures.DISTRIBUTION);
        envelope.with("data").with("transaction").put("type", "CREDITS_REMOVAL");

        assertThat(reader.read(envelope, "customer.voucher.gift.balance_added").transactionType()).isEqualTo("CREDITS_ADDITION");
    }

    @Test
    void aTransactionWithoutDataBalanceIsReadFromItsDetails() {
        ObjectNode envelope = Fixtures.sample(Fixtures.TRANSACTION_REDEMPTION);
        envelope.with("data").putNull("balance");

        GiftTransaction event = reader.read(envelope, CREATED);

        assertThat(event.amount()).isEqualTo(-7000);
        assertThat(event.balanceAfter()).isEqualTo(123000);
    }

    @ParameterizedTest(name = "{0} {1} / {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "voucher.gift.transaction.created.json            | CREDITS_ADDITION   | -1000 | data.balance.amount is negative (-1000) for a CREDITS_ADDITION, which adds money",
            "voucher.gift.transaction.created.refund.json     | CREDITS_REFUND     | -44   | data.balance.amount is negative (-44) for a CREDITS_REFUND, which adds money",
            "voucher.gift.transaction.created.redemption.json | CREDITS_REDEMPTION | 7000  | data.balance.amount is positive (7000) for a CREDITS_REDEMPTION, which takes money off the card",
            "voucher.gift.transaction.created.removal.json    | CREDITS_REMOVAL    | 2000  | data.balance.amount is positive (2000) for a CREDITS_REMOVAL, which takes money off the card",
            "voucher.gift.transaction.created.json            | CREDITS_TRANSFER   | 1000  | data.transaction.type 'CREDITS_TRANSFER' is not one of CREDITS_ADDITION, CREDITS_REFUND, CREDITS_REDEMPTION, CREDITS_REMOVAL",
            "voucher.gift.transaction.created.json            | credits_addition   | 1000  | data.transaction.type 'credits_addition' is not one of CREDITS_ADDITION, CREDITS_REFUND, CREDITS_REDEMPTION, CREDITS_REMOVAL"})
    void aSignThatContradictsTheTypeOrAnUnknownTypeIsInvalid(String sample, String type, long amount, String reason) {
        ObjectNode envelope = Fixtures.sample(sample);
        envelope.with("data").with("transaction").put("type", type);
        envelope.with("data").with("balance").put("amount", amount);

        assertThatThrownBy(() -> reader.read(envelope, CREATED)).isInstanceOf(InvalidEventException.class).hasMessage(reason);
    }

    @Test
    void aTransactionWithoutTypeIsInvalid() {
        ObjectNode envelope = Fixtures.sample(Fixtures.TRANSACTION_ADDITION);
        envelope.with("data").with("transaction").remove("type");

        assertThatThrownBy(() -> reader.read(envelope, CREATED)).isInstanceOf(InvalidEventException.class)
                .hasMessage("data.transaction.type is missing or not a string");
    }

    @Test
    void aNegativeBalanceAfterIsInvalidForEveryType() {
        ObjectNode envelope = Fixtures.sample(Fixtures.TRANSACTION_REDEMPTION);
        envelope.with("data").with("balance").put("balance", -1);

        assertThatThrownBy(() -> reader.read(envelope, CREATED)).isInstanceOf(InvalidEventException.class)
                .hasMessage("data.balance.balance is negative");
    }

    @Test
    void aZeroAmountFitsEveryType() {
        ObjectNode envelope = Fixtures.sample(Fixtures.TRANSACTION_REMOVAL);
        envelope.with("data").with("balance").put("amount", 0);

        assertThat(reader.read(envelope, CREATED).amount()).isZero();
    }
}
