package com.example.giftcards.deadletter;

/** A failure with a name of its own in a dead letter's {@code failureType} (others are named by their class). */
public interface KnownFailure {

    String failureType();
}
