package com.example.giftcards.intake;

/** A webhook request we refuse, with the HTTP status and error code the sender gets back (see README, "HTTP answers"). */
public class WebhookRejectedException extends RuntimeException {

    private final int status;
    private final String code;

    public WebhookRejectedException(int status, String code, String message) {
        super(message, null, false, false); // an answer, not a failure: no stack trace
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
