-- MariaDB/MySQL version of record-transaction.sql (H2 and PostgreSQL run that one): the same ledger row (type,
-- signed amount), inserted once. A repeated delivery meets the primary key and changes nothing (the assignment keeps
-- the row as it is); unlike INSERT IGNORE, any other error (a NULL in a NOT NULL column, a value too long) still
-- fails the statement.
-- Times are DATETIME in UTC: :#occurredAtUtc, UTC_TIMESTAMP(6). A new column: one line in each list below.
INSERT INTO gift_card_transaction
       (transaction_id, voucher_id, transaction_type, amount, balance_after, reason, source,
        occurred_at, event_id, received_at)
VALUES (:#transactionId, :#voucherId, :#transactionType, :#amount, :#balanceAfter, :#reason, :#source,
        :#occurredAtUtc, :#eventId, UTC_TIMESTAMP(6))
ON DUPLICATE KEY UPDATE transaction_id = transaction_id
