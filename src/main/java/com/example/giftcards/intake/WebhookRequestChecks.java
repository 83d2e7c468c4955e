package com.example.giftcards.intake;

import com.example.giftcards.http.RequestRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The HTTP-level checks done before a byte of the body is trusted: charset, size, presence. The method (405) and the
 * media type (415) were checked before, by the endpoint ({@code httpMethodRestrict}, {@code consumes}).
 */
@Component
public class WebhookRequestChecks {

    private final int maxBodyBytes;

    public WebhookRequestChecks(@Value("${gift.webhook.max-body-bytes}") int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Leaves the raw request body as {@code byte[]}, which the signature is computed over. */
    public void check(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (!isJson(contentType)) {
            throw new RequestRejectedException(415, "unsupported_media_type", "Content-Type must be application/json in UTF-8");
        }
        Long declaredLength = exchange.getMessage().getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (declaredLength != null && declaredLength > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] body = readAtMost(exchange, maxBodyBytes + 1); // a chunked body has no length to check up front
        if (body.length == 0) {
            throw new RequestRejectedException(400, "empty_body", "The request has no body");
        }
        if (body.length > maxBodyBytes) {
            throw tooLarge();
        }
        exchange.getMessage().setBody(body);
    }

    private static byte[] readAtMost(Exchange exchange, int limit) {
        InputStream in = exchange.getMessage().getBody(InputStream.class);
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            return in.readNBytes(limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RequestRejectedException tooLarge() {
        return new RequestRejectedException(413, "payload_too_large", "The body is larger than " + maxBodyBytes + " bytes");
    }

    static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            return false;
        }
        // Voucherify sends UTF-8; a body declared in another charset would not match the signed bytes.
        String lower = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
        return !lower.contains("charset=") || lower.contains("charset=utf-8") || lower.contains("charset=\"utf-8\"");
    }
}
