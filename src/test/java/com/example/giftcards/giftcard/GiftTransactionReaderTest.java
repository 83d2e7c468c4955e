package com.example.giftcards.giftcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;

import com.example.giftcards.support.Fixtures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

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
}
