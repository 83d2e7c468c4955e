package com.example.giftcards.http;

/** A request we refuse, with the HTTP status and error code the caller gets back (see docs/http-answers.md). */
public class RequestRejectedException extends RuntimeException {

    private final int status;
    private final String code;

    public RequestRejectedException(int status, String code, String message) {
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
