package com.example.giftcards.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.example.giftcards.intake.WebhookSignature;

/** Sends webhooks the way Voucherify does: POST, JSON, signed with the shared secret. Real HTTP. */
public final class Webhooks {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String url;
    private final String secret;

    public Webhooks(int port, String secret) {
        this.url = "http://127.0.0.1:" + port + "/webhooks/voucherify";
        this.secret = secret;
    }

    public HttpResponse<String> post(byte[] body) {
        return send(body, WebhookSignature.sign(secret, body), "application/json", "POST");
    }

    public HttpResponse<String> send(byte[] body, String signature, String contentType, String method) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : "POST-CHUNKED".equals(method) // a stream of unknown length: sent chunked, without Content-Length
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method("POST-CHUNKED".equals(method) ? "POST" : method, publisher);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String sign(byte[] body) {
        return WebhookSignature.sign(secret, body);
    }
}
