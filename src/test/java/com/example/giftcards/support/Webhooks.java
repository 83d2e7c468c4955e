package com.example.giftcards.support;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.example.giftcards.intake.WebhookSignature;

/** Sends webhooks the way Voucherify does: POST, JSON, signed with the shared secret. Real HTTP. */
public final class Webhooks {

    private static final String PATH = "/webhooks/voucherify";

    private final Http http;
    private final String secret;

    public Webhooks(int port, String secret) {
        this.http = new Http(port);
        this.secret = secret;
    }

    public HttpResponse<String> post(byte[] body) {
        return send(body, WebhookSignature.sign(secret, body), "application/json", "POST");
    }

    /** Method POST-CHUNKED: a POST whose body is a stream of unknown length, sent chunked, without Content-Length. */
    public HttpResponse<String> send(byte[] body, String signature, String contentType, String method) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : "POST-CHUNKED".equals(method) ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return http.send("POST-CHUNKED".equals(method) ? "POST" : method, PATH, publisher,
                "Content-Type", contentType, WebhookSignature.HEADER, signature);
    }

    public String sign(byte[] body) {
        return WebhookSignature.sign(secret, body);
    }
}
