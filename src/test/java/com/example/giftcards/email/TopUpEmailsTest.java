package com.example.giftcards.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.giftcards.giftcard.InvalidEventException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopUpEmailsTest {

    @ParameterizedTest
    @ValueSource(strings = {"jack@example.com", " jack@example.com ", "j.o'hara+gifts@sub.example.co.uk"})
    void plainAddressesAreRecipients(String email) {
        assertThat(TopUpEmails.recipient(email)).isEqualTo(email.trim());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-address", "a@example.com, b@example.com", "Jack <jack@example.com>",
            "jack@example.com\r\nBcc: victim@example.com", "jack@", "@example.com"})
    void anythingElseIsPoison(String email) {
        assertThatThrownBy(() -> TopUpEmails.recipient(email)).isInstanceOf(InvalidEventException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jack\r\nWebhook", "Jack\u0000Webhook", "Jack\tWebhook"})
    void namesAndCodesLoseControlCharacters(String name) {
        assertThat(TopUpEmails.singleLine(name)).isEqualTo("Jack Webhook");
    }

    @org.junit.jupiter.api.Test
    void theMessageIdIsDerivedFromTheTransactionIdAndTheSenderDomain() {
        String domain = TopUpEmails.domainOf("Gift cards <gift-cards@shop.example>");

        assertThat(domain).isEqualTo("shop.example");
        assertThat(TopUpEmails.messageId("vtx_0e6feafe6952a94a54", domain)).isEqualTo("<top-up.vtx_0e6feafe6952a94a54@shop.example>");
        assertThat(TopUpEmails.messageId("vtx_0e6feafe6952a94a54", domain)).as("deterministic")
                .isEqualTo(TopUpEmails.messageId("vtx_0e6feafe6952a94a54", domain));
        assertThat(TopUpEmails.messageId("tx with <spaces>", domain)).as("unsafe characters are hashed")
                .matches("<top-up\\.[0-9a-f]{64}@shop\\.example>");
    }

    @org.junit.jupiter.api.Test
    void aRenderedSubjectIsOneLine() {
        TopUpEmails emails = new TopUpEmails("EUR", "gift-cards@shop.example", null);

        assertThat(emails.subjectLine("Ihre Geschenkkarte wurde um 4,00\u00a0€ aufgeladen\n")).isEqualTo("Ihre Geschenkkarte wurde um 4,00\u00a0€ aufgeladen");
        assertThat(emails.subjectLine("  Two\r\nlines\tand\u0000more  ")).isEqualTo("Two lines and more");
    }
}
