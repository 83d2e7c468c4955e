package com.example.giftcards.intake;

import static com.example.giftcards.http.JsonAnswers.fields;

import com.example.giftcards.http.JsonAnswers;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The webhook endpoint's successful answers (see README, "HTTP answers"); failures go through {@link JsonAnswers#failed}. */
@Component
public class WebhookAnswers {

    private final JsonAnswers answers;

    public WebhookAnswers(JsonAnswers answers) {
        this.answers = answers;
    }

    public void accepted(Exchange exchange) {
        answers.answer(exchange, 202, fields("status", "accepted", "event_id", eventId(exchange)));
    }

    public void ignored(Exchange exchange) {
        answers.answer(exchange, 202, fields("status", "ignored", "event_id", eventId(exchange)));
    }

    public void duplicate(Exchange exchange) {
        answers.answer(exchange, 200, fields("status", "duplicate", "event_id", eventId(exchange)));
    }

    /** A signed envelope whose balance-added data can never be processed: acknowledged (so Voucherify keeps the webhook on) and parked. */
    public void parked(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        answers.answer(exchange, 202, fields("status", "parked", "event_id", eventId(exchange),
                "error", fields("code", "invalid_event", "message", cause != null ? cause.getMessage() : "invalid event")));
    }

    private static String eventId(Exchange exchange) {
        return exchange.getMessage().getHeader("eventId", String.class);
    }
}
