package com.example.giftcards.intake;

import static com.example.giftcards.http.JsonAnswers.fields;

import com.example.giftcards.http.JsonAnswers;
import com.example.giftcards.names.RouteNames;
import com.example.giftcards.operations.EventJournal;
import com.example.giftcards.state.IdempotencyKeyBusyException;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The webhook endpoint's answers (docs/http-answers.md). A repeat, an ignored and a parked event are journaled
 * as they are answered, in one step of the route; an accepted one is journaled before its hand-off (step
 * journal-accepted), so that it commits with it.
 */
@Component
public class WebhookAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAnswers.class);
    static final String IN_PROGRESS_RETRY_AFTER_SECONDS = "10";

    private final JsonAnswers answers;
    private final EventJournal journal;

    public WebhookAnswers(JsonAnswers answers, EventJournal journal) {
        this.answers = answers;
        this.journal = journal;
    }

    public void accepted(Exchange exchange) {
        answers.answer(exchange, 202, fields("status", "accepted", "event_id", eventId(exchange)));
    }

    public void ignored(Exchange exchange) {
        journal.ignored(exchange);
        answers.answer(exchange, 202, fields("status", "ignored", "event_id", eventId(exchange)));
    }

    public void duplicate(Exchange exchange) {
        journal.duplicate(exchange);
        answers.answer(exchange, 200, fields("status", "duplicate", "event_id", eventId(exchange)));
    }

    /** A signed envelope whose balance-added data can never be processed: acknowledged (so Voucherify keeps the webhook on) and parked. */
    public void parked(Exchange exchange) {
        journal.parked(exchange);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        answers.answer(exchange, 202, fields("status", "parked", "event_id", eventId(exchange),
                "error", fields("code", "invalid_event", "message", cause != null ? cause.getMessage() : "invalid event")));
    }

    /** Any failure of the intake: 409 while another delivery of the event holds its key, else the shared answers. */
    public void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (ObjectHelper.getException(IdempotencyKeyBusyException.class, cause) != null) {
            LOG.info("Request not accepted yet: 409 in_progress");
            answers.answer(exchange, 409, JsonAnswers.error("in_progress", "Another delivery of this event is being handed off right now; retry later"));
            exchange.getMessage().setHeader("Retry-After", IN_PROGRESS_RETRY_AFTER_SECONDS);
        } else {
            answers.failed(exchange);
        }
    }

    private static String eventId(Exchange exchange) {
        return exchange.getMessage().getHeader(RouteNames.EVENT_ID, String.class);
    }
}
