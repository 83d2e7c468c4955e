package com.example.giftcards.http;

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
 * HTTP answers of our endpoints: a status and a small JSON body. Every answer first drops every header the
 * exchange picked up on the way (request headers, leg headers), so nothing internal leaks to the caller.
 */
@Component
public class JsonAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(JsonAnswers.class);
    static final String RETRY_AFTER_SECONDS = "30";

    private final ObjectMapper json = new ObjectMapper();

    /** 200 with the current body (a map or a list) as JSON. */
    public void ok(Exchange exchange) {
        answer(exchange, 200, exchange.getMessage().getBody());
    }

    /** 202 with the current body as JSON: started, the outcome comes later. */
    public void accepted(Exchange exchange) {
        answer(exchange, 202, exchange.getMessage().getBody());
    }

    /** The answer to an exception thrown anywhere in a route of ours. */
    public void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause instanceof RequestRejectedException rejected) {
            LOG.info("Request rejected: {} {}", rejected.status(), rejected.code());
            answer(exchange, rejected.status(), error(rejected.code(), rejected.getMessage()));
            if (rejected.status() == 401 && rejected.code().startsWith("admin")) {
                exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            }
        } else if (cause instanceof JacksonException parse) {
            LOG.info("Request rejected: 400 invalid_json");
            answer(exchange, 400, error("invalid_json", "The body is not valid JSON: " + parse.getOriginalMessage()));
        } else if (isUnavailable(cause)) {
            LOG.warn("Request not accepted, a backing service is unavailable: {}", describe(cause));
            answer(exchange, 503, error("unavailable", "Temporarily unable to accept this; retry later"));
            exchange.getMessage().setHeader("Retry-After", RETRY_AFTER_SECONDS);
        } else {
            LOG.error("Request failed unexpectedly", cause);
            answer(exchange, 500, error("internal_error", "Unexpected error; nothing was accepted"));
        }
    }

    /** The broker or the state database is down: nothing was accepted, the caller should retry. */
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

    public static Map<String, Object> error(String code, String message) {
        return Map.of("error", fields("code", code, "message", message));
    }

    /** An ordered map of the pairs whose value is not null. */
    public static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                body.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return body;
    }

    public void answer(Exchange exchange, int status, Object body) {
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
