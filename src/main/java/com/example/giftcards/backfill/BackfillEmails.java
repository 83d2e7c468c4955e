package com.example.giftcards.backfill;

import java.time.Instant;

import com.example.giftcards.giftcard.GiftTransaction;
import com.example.giftcards.names.RouteNames;
import com.example.giftcards.operations.EventJournal;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The email leg's question for a backfilled top-up: is it too old to tell the customer about now? A top-up that a
 * webhook brings is always emailed; one found weeks later by a backfill is booked, and journaled as skipped, since an
 * email about it would confuse more than it tells (GIFT_BACKFILL_EMAIL_MAX_AGE).
 */
@Component
public class BackfillEmails {

    private final BackfillSettings settings;
    private final EventJournal journal;

    public BackfillEmails(BackfillSettings settings, EventJournal journal) {
        this.settings = settings;
        this.journal = journal;
    }

    public boolean tooOld(@Header(RouteNames.ORIGIN) String origin, @Body GiftTransaction transaction) {
        return BackfillEvents.ORIGIN.equals(origin) && transaction.occurredAt() != null
                && transaction.occurredAt().toInstant().isBefore(Instant.now().minus(settings.emailMaxAge()));
    }

    /** Journaled as skipped, with the reason. */
    public void skip(Exchange exchange) {
        journal.emailSkippedFor(exchange, "backfilled transaction older than GIFT_BACKFILL_EMAIL_MAX_AGE ("
                + settings.emailMaxAge() + "): no email");
    }
}
