package com.example.giftcards.http;

/** A request we refuse, with the HTTP status and error code the caller gets back (see README, "HTTP answers"). */
public class RequestRejectedException extends RuntimeException {

    private final int status;
    private final String code;
    private final String allow;

    public RequestRejectedException(int status, String code, String message) {
        this(status, code, message, null);
    }

    private RequestRejectedException(int status, String code, String message, String allow) {
        super(message, null, false, false); // an answer, not a failure: no stack trace
        this.status = status;
        this.code = code;
        this.allow = allow;
    }

    public static RequestRejectedException methodNotAllowed(String allow) {
        return new RequestRejectedException(405, "method_not_allowed", "Only " + allow + " is accepted here", allow);
    }

    public String allow() {
        return allow;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
