package com.example.giftcards.giftcard;

/** A balance-added event that can never be processed as it is (poison): parked at once, never retried. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message, null, false, false);
    }
}
