package com.example.giftcards.email;

import com.example.giftcards.deadletter.KnownFailure;

/**
 * A send of this transaction's email began and never completed: the process stopped during the SMTP conversation,
 * so nobody knows whether the customer got it. Not retried (a retry could send it twice, or the customer gets none
 * and nobody notices): parked for an operator, who checks the mail server's log and replays it to send it.
 */
public class EmailOutcomeUnknownException extends RuntimeException implements KnownFailure {

    public static final String FAILURE_TYPE = "outcome_unknown";

    public EmailOutcomeUnknownException(String transactionId) {
        super("The top-up email for transaction " + transactionId + " was being sent when the process stopped; "
                + "whether it reached the customer is unknown. Check the mail server's log, then replay to send it.",
                null, false, false);
    }

    @Override
    public String failureType() {
        return FAILURE_TYPE;
    }
}
