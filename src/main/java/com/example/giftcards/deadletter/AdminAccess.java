package com.example.giftcards.deadletter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.example.giftcards.http.RequestRejectedException;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Guards the admin endpoints: off (404) unless {@code ADMIN_TOKEN} is set, then {@code Authorization: Bearer <token>}
 * compared in constant time (401 otherwise). The method was checked before (the endpoint's httpMethodRestrict, 405);
 * no body is read, so its content type does not matter.
 */
@Component
public class AdminAccess {

    private final byte[] tokenDigest;

    public AdminAccess(@Value("${gift.admin.token}") String token) {
        this.tokenDigest = token.isBlank() ? null : sha256(token);
    }

    /** Admin on, the token, then the leg named in the path. */
    public void checkLeg(Exchange exchange) {
        checkToken(exchange);
        String leg = exchange.getMessage().getHeader("leg", String.class);
        if (!DeadLetters.LEGS.contains(leg)) {
            throw new RequestRejectedException(404, "unknown_leg", "Legs are " + String.join(", ", DeadLetters.LEGS.stream().sorted().toList()));
        }
    }

    public void checkToken(Exchange exchange) {
        if (tokenDigest == null) {
            throw new RequestRejectedException(404, "admin_disabled", "Admin endpoints are off: ADMIN_TOKEN is not set");
        }
        String authorization = exchange.getMessage().getHeader("Authorization", "", String.class);
        byte[] presented = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? sha256(authorization.substring(7).trim()) : new byte[0];
        if (!MessageDigest.isEqual(presented, tokenDigest)) { // digests: equal length, so the compare time says nothing
            throw new RequestRejectedException(401, "admin_unauthorized", "A valid bearer token is required");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
