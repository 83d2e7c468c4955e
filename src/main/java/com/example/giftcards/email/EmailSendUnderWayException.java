package com.example.giftcards.email;

/**
 * Another consumer began sending this transaction's email moments ago and has not finished: retried (the leg's
 * back-off), by when that send has completed or has been dead long enough to count as an unknown outcome.
 */
public class EmailSendUnderWayException extends RuntimeException {

    public EmailSendUnderWayException(String transactionId) {
        super("Another send of the top-up email for transaction " + transactionId + " is under way", null, false, false);
    }
}
