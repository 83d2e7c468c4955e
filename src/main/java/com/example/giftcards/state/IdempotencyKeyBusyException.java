package com.example.giftcards.state;

/**
 * Another delivery of the same event holds its idempotency key, uncommitted, for longer than the state database's
 * lock timeout: it is still being handed off. Whether it will be accepted is not known yet, so the caller retries.
 */
public class IdempotencyKeyBusyException extends RuntimeException {

    public IdempotencyKeyBusyException(String key, Throwable cause) {
        super("Another delivery of " + key + " is being handed off right now", cause);
    }
}
