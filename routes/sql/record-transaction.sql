-- Ledger row for one gift-card transaction, of any type (CREDITS_ADDITION, CREDITS_REFUND, CREDITS_REDEMPTION,
-- CREDITS_REMOVAL). amount is the signed change: positive for money added or refunded, negative for money redeemed or
-- removed; balance_after is the balance after it. Inserted once: a repeated delivery, or the same top-up announced
-- by a second event type, finds the row and adds nothing.
-- Parameters: the event's values by name (:#transactionId ...; docs/changing-routes.md lists them; any other payload
-- field: :#${body.envelope[data][...]}). CASTs give every parameter a type that PostgreSQL and H2 agree on.
MERGE INTO gift_card_transaction t
USING (VALUES (
        CAST(:#transactionId   AS VARCHAR(200)),
        CAST(:#transactionType AS VARCHAR(30)),
        CAST(:#voucherId       AS VARCHAR(200)),
        CAST(:#amount          AS BIGINT),
        CAST(:#balanceAfter    AS BIGINT),
        CAST(:#reason          AS VARCHAR(1000)),
        CAST(:#source          AS VARCHAR(200)),
        CAST(:#occurredAt      AS TIMESTAMP WITH TIME ZONE),
        CAST(:#eventId         AS VARCHAR(200))
      )) AS s (transaction_id, transaction_type, voucher_id, amount, balance_after, reason, source, occurred_at, event_id)
ON t.transaction_id = s.transaction_id
WHEN NOT MATCHED THEN
    INSERT (transaction_id, transaction_type, voucher_id, amount, balance_after, reason, source, occurred_at, event_id,
            received_at)
    VALUES (s.transaction_id, s.transaction_type, s.voucher_id, s.amount, s.balance_after, s.reason, s.source, s.occurred_at,
            s.event_id, CURRENT_TIMESTAMP)
