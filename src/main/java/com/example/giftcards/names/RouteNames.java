package com.example.giftcards.names;

import java.util.List;

/**
 * The header and exchange property names the routes (routes/*.camel.yaml) and the Java share, in one place. The YAML
 * must spell them literally ({@code name: eventId}, {@code ${header.eventId}}); RouteNamesTest fails on a name there
 * that is not one of these, so a rename happens here first and the test then points at every route that still uses
 * the old one. Queue names and the dead-letter prefix are settings instead (gift.queues.* in application.yaml), read
 * by the routes as {@code {{gift.queues.erp}}} and by the Java with {@code @Value}.
 */
public final class RouteNames {

    // --- the event headers, set by the intake (10-webhook-intake); they travel as JMS properties
    public static final String EVENT_ID = "eventId";
    public static final String EVENT_TYPE = "eventType";
    public static final String VOUCHER_ID = "voucherId";
    public static final String TRANSACTION_ID = "transactionId";
    public static final String TRANSACTION_TYPE = "transactionType";
    public static final String RECEIVED_AT = "receivedAt";
    /** Where the event came from: webhook, or backfill (read back from Voucherify's API). */
    public static final String ORIGIN = "origin";
    /** The headers that become JMS properties: application.yaml's gift.jms.event-properties lists exactly these. */
    public static final List<String> EVENT_PROPERTIES = List.of(EVENT_ID, EVENT_TYPE, VOUCHER_ID, TRANSACTION_ID,
            TRANSACTION_TYPE, RECEIVED_AT, ORIGIN);

    /** The intake's de-duplication key (source id + event id); not a JMS property. */
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    /** The backfill's look-up: how many ledger rows the transaction has (0: not booked yet). */
    public static final String LEDGER_ROWS = "ledgerRows";
    /** The ERP leg's currency, a parameter of its SQL. */
    public static final String CURRENCY = "currency";

    // --- the failure headers, JMS properties of a parked message (dead letters, the invalid-events queue)
    public static final String FAILURE_REASON = "failureReason";
    public static final String FAILURE_TYPE = "failureType";
    public static final String ATTEMPTS = "attempts";
    public static final String FAILED_AT = "failedAt";
    /** The leg a dead letter failed on (also the exchange property a leg sets first, and the admin path's {leg}). */
    public static final String LEG = "leg";
    /** On a replayed message: the failureType it was parked with. */
    public static final String PREVIOUS_FAILURE_TYPE = "previousFailureType";
    public static final List<String> FAILURE_PROPERTIES = List.of(FAILURE_REASON, FAILURE_TYPE, ATTEMPTS, FAILED_AT, LEG,
            PREVIOUS_FAILURE_TYPE);

    // --- exchange properties the routes set or read
    /** The envelope text as received (the intake) or as taken from a leg queue: what goes onto a queue. */
    public static final String RAW_ENVELOPE = "rawEnvelope";
    /** The public queue of a gift event, chosen by its type (route-event-once). */
    public static final String PUBLIC_QUEUE = "publicQueue";
    public static final String CUSTOMER_LANGUAGE = "customerLanguage";
    public static final String SEND_MARKER = "sendMarker";
    public static final String DEAD_LETTER_QUEUE = "deadLetterQueue";
    /** How often the leg's error handler retried (RedeliveryCount). */
    public static final String LEG_REDELIVERIES = "legRedeliveries";
    // --- the backfill's exchange properties (40-backfill)
    /** The run (backfill.BackfillRun): its window, where it is, its counts. */
    public static final String BACKFILL_RUN = "backfillRun";
    /** Where the run is in Voucherify's voucher list, and in one card's transactions. */
    public static final String VOUCHER_PAGES = "voucherPages";
    public static final String TRANSACTION_PAGES = "transactionPages";
    /** The card being examined (Voucherify's voucher object). */
    public static final String VOUCHER = "voucher";

    public static final List<String> PROPERTIES = List.of(RAW_ENVELOPE, PUBLIC_QUEUE, LEG, TRANSACTION_ID,
            CUSTOMER_LANGUAGE, SEND_MARKER, DEAD_LETTER_QUEUE, LEG_REDELIVERIES, BACKFILL_RUN, VOUCHER_PAGES,
            TRANSACTION_PAGES, VOUCHER);

    public static final List<String> HEADERS = List.of(EVENT_ID, EVENT_TYPE, VOUCHER_ID, TRANSACTION_ID,
            TRANSACTION_TYPE, RECEIVED_AT, ORIGIN, IDEMPOTENCY_KEY, LEDGER_ROWS, CURRENCY, FAILURE_REASON, FAILURE_TYPE, ATTEMPTS, FAILED_AT,
            LEG, PREVIOUS_FAILURE_TYPE);

    private RouteNames() {
    }
}
