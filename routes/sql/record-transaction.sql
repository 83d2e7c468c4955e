-- Ledger row for one gift-card transaction. Inserted once: a repeated delivery finds the row and adds nothing.
-- Parameters: the BalanceAdded event (body). CASTs give every parameter a type that PostgreSQL and H2 agree on.
MERGE INTO gift_card_transaction t
USING (VALUES (
        CAST(:#${body.transactionId} AS VARCHAR(200)),
        CAST(:#${body.voucherId}     AS VARCHAR(200)),
        CAST(:#${body.amount}        AS BIGINT),
        CAST(:#${body.balanceAfter}  AS BIGINT),
        CAST(:#${body.reason}        AS VARCHAR(1000)),
        CAST(:#${body.source}        AS VARCHAR(200)),
        CAST(:#${body.occurredAt}    AS TIMESTAMP WITH TIME ZONE),
        CAST(:#${body.eventId}       AS VARCHAR(200))
      )) AS s (transaction_id, voucher_id, amount, balance_after, reason, source, occurred_at, event_id)
ON t.transaction_id = s.transaction_id
WHEN NOT MATCHED THEN
    INSERT (transaction_id, voucher_id, amount, balance_after, reason, source, occurred_at, event_id, received_at)
    VALUES (s.transaction_id, s.voucher_id, s.amount, s.balance_after, s.reason, s.source, s.occurred_at,
            s.event_id, CURRENT_TIMESTAMP)
