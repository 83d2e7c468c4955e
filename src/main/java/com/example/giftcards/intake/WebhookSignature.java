package com.example.giftcards.intake;

import com.example.giftcards.http.RequestRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Verifies {@code x-voucherify-signature}: lowercase hex HMAC-SHA256 of the body, keyed with the webhook secret.
 * <p>
 * Verified over the raw bytes first and, failing that, over the same bytes with the whitespace outside string
 * literals removed (Voucherify signs compact JSON; a proxy may pretty-print). Never over a re-serialisation.
 * During a secret rotation the previous secret is accepted too. Comparison is constant-time.
 */
@Component
public class WebhookSignature {

    public static final String HEADER = "x-voucherify-signature";
    static final String DEV_SECRET = "dev-secret-not-for-production";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSignature.class);
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys = new ArrayList<>();

    public WebhookSignature(@Value("${VOUCHERIFY_WEBHOOK_SECRET:" + DEV_SECRET + "}") String secret,
                            @Value("${VOUCHERIFY_WEBHOOK_SECRET_PREVIOUS:}") String previousSecret) {
        if (secret.isBlank()) {
            throw new IllegalStateException("VOUCHERIFY_WEBHOOK_SECRET is empty: webhooks can't be verified");
        }
        if (secret.equals(DEV_SECRET)) {
            LOG.warn("VOUCHERIFY_WEBHOOK_SECRET is not set: verifying webhooks with the documented development secret");
        }
        keys.add(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        if (!previousSecret.isBlank()) {
            keys.add(new SecretKeySpec(previousSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        }
    }

    public void verify(@Body byte[] body, @Header(HEADER) String signature) {
        if (signature == null || signature.isEmpty()) {
            throw new RequestRejectedException(401, "missing_signature", "The " + HEADER + " header is missing");
        }
        byte[] expected = decode(signature.trim());
        if (expected == null || !(matches(body, expected) || matches(compact(body), expected))) {
            throw new RequestRejectedException(401, "invalid_signature", "The " + HEADER + " header does not match the body");
        }
    }

    private boolean matches(byte[] message, byte[] expected) {
        boolean matched = false;
        for (SecretKeySpec key : keys) { // no early exit: the time taken says nothing about which key matched
            matched |= MessageDigest.isEqual(hmac(key, message), expected);
        }
        return matched;
    }

    /** Lowercase hex of 32 bytes, as Voucherify sends it; anything else is not a signature. */
    private static byte[] decode(String hex) {
        if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return null;
        }
        return HexFormat.of().parseHex(hex);
    }

    public static String sign(String secret, byte[] message) {
        return HexFormat.of().formatHex(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM), message));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body without JSON whitespace outside string literals (escapes inside strings respected). */
    static byte[] compact(byte[] json) {
        byte[] out = new byte[json.length];
        int length = 0;
        boolean inString = false;
        boolean escaped = false;
        for (byte b : json) {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            out[length++] = b;
        }
        return java.util.Arrays.copyOf(out, length);
    }
}
