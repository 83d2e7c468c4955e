package com.example.giftcards.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The admin token ({@code ADMIN_TOKEN}): the admin endpoints are off (404) without it, and every call needs
 * {@code Authorization: Bearer <token>} (401 otherwise). Compared as SHA-256 digests in constant time: equal lengths,
 * so the compare time says nothing about the token. The method was checked before (the endpoint's
 * httpMethodRestrict, 405); no body is read, so its content type does not matter.
 */
@Component
public class AdminToken {

    private final byte[] tokenDigest;

    public AdminToken(@Value("${gift.admin.token}") String token) {
        this.tokenDigest = token == null || token.isBlank() ? null : sha256(token);
    }

    /** For the admin routes: 404 when admin is off, 401 without the right token. */
    public void check(@Header("Authorization") String authorization) {
        if (tokenDigest == null) {
            throw new RequestRejectedException(404, "admin_disabled", "Admin endpoints are off: ADMIN_TOKEN is not set");
        }
        if (!matches(authorization)) {
            throw new RequestRejectedException(401, "admin_unauthorized", "A valid bearer token is required");
        }
    }

    /** Whether this Authorization header carries the admin token (never, while none is set). */
    public boolean matches(String authorization) {
        if (tokenDigest == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(sha256(authorization.substring(7).trim()), tokenDigest);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
