package com.example.giftcards.intake;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jms.JmsException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Every HTTP answer of the webhook endpoint: a status and a small JSON body. Each answer first drops every header
 * the exchange picked up on the way (request headers, leg headers), so nothing internal leaks to the sender.
 */
@Component
public class WebhookAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAnswers.class);
    static final String RETRY_AFTER_SECONDS = "30";

    private final ObjectMapper json = new ObjectMapper();

    public void accepted(Exchange exchange) {
        answer(exchange, 202, body("status", "accepted", "event_id", eventId(exchange)));
    }

    public void ignored(Exchange exchange) {
        answer(exchange, 202, body("status", "ignored", "event_id", eventId(exchange)));
    }

    public void duplicate(Exchange exchange) {
        answer(exchange, 200, body("status", "duplicate", "event_id", eventId(exchange)));
    }

    /** A signed envelope whose balance-added data can never be processed: acknowledged (so Voucherify keeps the webhook on) and parked. */
    public void parked(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        answer(exchange, 202, body("status", "parked", "event_id", eventId(exchange),
                "error", error("invalid_event", cause != null ? cause.getMessage() : "invalid event")));
    }

    /** The answer to an exception thrown anywhere in the intake. */
    public void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause instanceof WebhookRejectedException rejected) {
            LOG.info("Webhook rejected: {} {}", rejected.status(), rejected.code());
            answer(exchange, rejected.status(), body("error", error(rejected.code(), rejected.getMessage())));
            if (rejected.status() == 405) {
                exchange.getMessage().setHeader("Allow", "POST");
            }
        } else if (cause instanceof JacksonException parse) {
            LOG.info("Webhook rejected: 400 invalid_json");
            answer(exchange, 400, body("error", error("invalid_json", "The body is not valid JSON: " + parse.getOriginalMessage())));
        } else if (isUnavailable(cause)) {
            LOG.warn("Webhook not accepted, a backing service is unavailable: {}", describe(cause));
            answer(exchange, 503, body("error", error("unavailable", "Temporarily unable to accept events; retry later")));
            exchange.getMessage().setHeader("Retry-After", RETRY_AFTER_SECONDS);
        } else {
            LOG.error("Webhook failed unexpectedly", cause);
            answer(exchange, 500, body("error", error("internal_error", "Unexpected error; the event was not accepted")));
        }
    }

    /** The broker or the state database is down: nothing was accepted, the sender should retry. */
    static boolean isUnavailable(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof JmsException || t instanceof jakarta.jms.JMSException
                    || t instanceof TransactionException || t instanceof DataAccessException
                    || t instanceof java.sql.SQLException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return cause.getClass().getSimpleName() + " (" + root.getClass().getSimpleName() + ")";
    }

    private static String eventId(Exchange exchange) {
        return exchange.getMessage().getHeader("eventId", String.class);
    }

    private static Map<String, Object> error(String code, String message) {
        return body("code", code, "message", message);
    }

    private static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                body.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return body;
    }

    private void answer(Exchange exchange, int status, Map<String, Object> body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            exchange.getMessage().setBody(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
