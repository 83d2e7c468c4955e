package com.example.giftcards.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import com.example.giftcards.http.RequestRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookSignatureTest {

    /** The known answers from the sender's contract. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "secretKey|{\"a\":1}|a17d2ac229d1ebbb5f10e839c7985c4818e5986eab297f7e5979196d4d7d3ed2",
            "secretKey|{\"a\\\"b\":1}|f7cf97814a03146abedb9793f56e1dec34f618f82d10395310d053f749483ffb",
            "secret-signature-key|{\"test\":\"test1\"}|5547d4d07430a2d1b77649564c68d80afe591f7cc61ca110bccb442e3205eeec"})
    void knownAnswers(String secret, String message, String hex) {
        assertThat(WebhookSignature.sign(secret, bytes(message))).isEqualTo(hex);
        new WebhookSignature(secret, "").verify(bytes(message), hex); // does not throw
    }

    @Test
    void aPrettyPrintedBodyVerifiesAgainstTheCompactSignature() {
        String signature = WebhookSignature.sign("secretKey", bytes("{\"a\":1,\"b\":\"x y\"}"));

        new WebhookSignature("secretKey", "").verify(bytes("{\n  \"a\" : 1,\n\t\"b\": \"x y\"\r\n}"), signature);
    }

    @Test
    void whitespaceInsideStringsIsNotRemoved() {
        String signature = WebhookSignature.sign("secretKey", bytes("{\"b\":\"xy\"}"));

        assertThatThrownBy(() -> new WebhookSignature("secretKey", "").verify(bytes("{\"b\":\"x y\"}"), signature))
                .isInstanceOf(RequestRejectedException.class);
    }

    @Test
    void compactKeepsEscapedQuotesInsideStrings() {
        assertThat(new String(WebhookSignature.compact(bytes("{ \"a\\\" b\" : \"c \\\\\" }")), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\\\" b\":\"c \\\\\"}");
    }

    @Test
    void thePreviousSecretIsAcceptedDuringRotation() {
        byte[] body = bytes("{\"a\":1}");
        WebhookSignature rotating = new WebhookSignature("new-secret", "old-secret");

        rotating.verify(body, WebhookSignature.sign("old-secret", body));
        rotating.verify(body, WebhookSignature.sign("new-secret", body));
        assertThatThrownBy(() -> rotating.verify(body, WebhookSignature.sign("other", body)))
                .isInstanceOf(RequestRejectedException.class);
    }

    @Test
    void missingWrongLengthUpperCaseAndForgedSignaturesAreRefused() {
        byte[] body = bytes("{\"a\":1}");
        String good = WebhookSignature.sign("secretKey", body);
        WebhookSignature verifier = new WebhookSignature("secretKey", "");

        assertThat(status(() -> verifier.verify(body, null))).isEqualTo("missing_signature");
        assertThat(status(() -> verifier.verify(body, good.substring(1)))).isEqualTo("invalid_signature");
        assertThat(status(() -> verifier.verify(body, good.toUpperCase()))).isEqualTo("invalid_signature");
        assertThat(status(() -> verifier.verify(body, WebhookSignature.sign("secretKez", body)))).isEqualTo("invalid_signature");
        assertThat(status(() -> verifier.verify(bytes("{\"a\":2}"), good))).isEqualTo("invalid_signature");
    }

    @Test
    void anEmptySecretIsAConfigurationError() {
        assertThatThrownBy(() -> new WebhookSignature(" ", "")).isInstanceOf(IllegalStateException.class);
    }

    private static String status(Runnable verification) {
        try {
            verification.run();
            return "accepted";
        } catch (RequestRejectedException e) {
            assertThat(e.status()).isEqualTo(401);
            return e.code();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
