-- The voucher's current balance: the balance after its newest transaction, whatever the transaction's type (money
-- added, spent, removed or refunded). Only a newer transaction (later occurred_at, ties broken by transaction id)
-- overwrites it, so events arriving out of order or twice leave the newest balance in place.
-- Parameters: the event's values by name, and the configured currency (the header currency). CASTs as in
-- record-transaction.sql.
MERGE INTO gift_card_balance b
USING (VALUES (
        CAST(:#voucherId       AS VARCHAR(200)),
        CAST(:#voucherCode     AS VARCHAR(200)),
        CAST(:#holderId        AS VARCHAR(200)),
        CAST(:#balanceAfter    AS BIGINT),
        CAST(:#currency        AS CHAR(3)),
        CAST(:#transactionId   AS VARCHAR(200)),
        CAST(:#occurredAt      AS TIMESTAMP WITH TIME ZONE)
      )) AS s (voucher_id, voucher_code, holder_id, balance, currency, last_transaction_id, last_transaction_at)
ON b.voucher_id = s.voucher_id
WHEN MATCHED AND (s.last_transaction_at > b.last_transaction_at
                  OR (s.last_transaction_at = b.last_transaction_at
                      AND s.last_transaction_id > b.last_transaction_id)) THEN
    UPDATE SET voucher_code        = COALESCE(s.voucher_code, b.voucher_code),
               holder_id           = COALESCE(s.holder_id, b.holder_id),
               balance             = s.balance,
               currency            = s.currency,
               last_transaction_id = s.last_transaction_id,
               last_transaction_at = s.last_transaction_at,
               updated_at          = CURRENT_TIMESTAMP
WHEN NOT MATCHED THEN
    INSERT (voucher_id, voucher_code, holder_id, balance, currency, last_transaction_id, last_transaction_at,
            updated_at)
    VALUES (s.voucher_id, s.voucher_code, s.holder_id, s.balance, s.currency, s.last_transaction_id,
            s.last_transaction_at, CURRENT_TIMESTAMP)
