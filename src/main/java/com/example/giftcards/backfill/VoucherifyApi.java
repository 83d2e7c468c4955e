package com.example.giftcards.backfill;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the backfill route's calls to Voucherify's API need beyond Camel's HTTP component and redelivery (route
 * configuration voucherify-calls in routes/00-route-configurations.camel.yaml): the credentials on each request, which
 * failures are worth a retry, a 429 waited out as Voucherify says, and a failure told in words an operator can act on.
 */
@Component("voucherifyApi")
public class VoucherifyApi implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(VoucherifyApi.class);
    /** A 429's wait is honoured up to this; a longer one is waited in steps by further retries. */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final String appId;
    private final String appToken;

    public VoucherifyApi(BackfillSettings settings) {
        this.appId = settings.appId();
        this.appToken = settings.appToken();
    }

    /** The request's only headers: the credentials (the token from the settings, never in a route or a log). */
    public void credentials(Message message) {
        Object path = message.getHeader(Exchange.HTTP_PATH);
        Object query = message.getHeader(Exchange.HTTP_QUERY);
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_PATH, path);
        message.setHeader(Exchange.HTTP_QUERY, query);
        message.setHeader("X-App-Id", appId);
        message.setHeader("X-App-Token", appToken);
        message.setHeader("Accept", "application/json");
        message.setBody(null);
    }

    /** Retried: 429, any 5xx, 408, and no answer at all (timeouts, refused connections). Not: 4xx such as 401. */
    public boolean retryable(Exchange exchange) {
        Throwable failure = failure(exchange);
        if (failure instanceof HttpOperationFailedException http) {
            int status = http.getStatusCode();
            return status == 429 || status == 408 || status >= 500;
        }
        return failure instanceof java.io.IOException;
    }

    /** Before a retry (onRedelivery): a 429 waits until Voucherify said the limit resets. */
    @Override
    public void process(Exchange exchange) throws InterruptedException {
        if (failure(exchange) instanceof HttpOperationFailedException http && http.getStatusCode() == 429) {
            Duration wait = retryAfter(http.getResponseHeaders(), Instant.now());
            if (!wait.isZero()) {
                LOG.warn("Voucherify's API limit reached (429): waiting {} s before the next call", wait.toSeconds());
                Thread.sleep(wait.toMillis());
            }
        }
    }

    /** {@code Retry-After} (seconds), else {@code X-Rate-Limit-Retry} (epoch seconds), capped at {@link #MAX_WAIT}. */
    static Duration retryAfter(Map<String, String> headers, Instant now) {
        Duration wait = Duration.ZERO;
        String retryAfter = header(headers, "Retry-After");
        String resetAt = header(headers, "X-Rate-Limit-Retry");
        try {
            if (retryAfter != null) {
                wait = Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
            } else if (resetAt != null) {
                wait = Duration.between(now, Instant.ofEpochSecond(Long.parseLong(resetAt.trim())));
            }
        } catch (NumberFormatException | java.time.DateTimeException e) {
            wait = Duration.ZERO;
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    /** A run's failure, for its report and the log: never the token, never a response body. */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
        if (http != null) {
            int status = http.getStatusCode();
            String call = "GET " + pathOf(http.getUri());
            if (status == 401 || status == 403) {
                return "Voucherify refused our credentials (" + status + ") on " + call
                        + ": check VOUCHERIFY_APP_ID and VOUCHERIFY_APP_TOKEN (and VOUCHERIFY_API_URL: the project's region)";
            }
            if (status == 429) {
                return "Voucherify's API limit was still reached (429) after every retry on " + call
                        + ": lower VOUCHERIFY_API_MAX_PER_MINUTE or run again later";
            }
            return "Voucherify answered " + status + " on " + call + (status >= 500 ? " after every retry" : "");
        }
        SocketTimeoutException timeout = find(failure, SocketTimeoutException.class);
        if (timeout != null) {
            return "Voucherify's API did not answer in time, after every retry";
        }
        java.io.IOException io = find(failure, java.io.IOException.class);
        if (io != null) {
            return "Voucherify's API could not be reached after every retry (" + io.getClass().getSimpleName() + ")";
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static String pathOf(String uri) {
        if (uri == null) {
            return "";
        }
        int scheme = uri.indexOf("://");
        int path = scheme < 0 ? 0 : uri.indexOf('/', scheme + 3);
        String rest = path < 0 ? "/" : uri.substring(path);
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    private static Throwable failure(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
