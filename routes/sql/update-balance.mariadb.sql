-- MariaDB/MySQL version of update-balance.sql (H2 and PostgreSQL run that one): the voucher's current balance,
-- inserted, or overwritten only by a newer transaction (later occurred_at, ties broken by transaction id).
-- MariaDB applies the assignments of ON DUPLICATE KEY UPDATE left to right, each seeing the ones before it: the
-- "newer" test reads last_transaction_at and last_transaction_id, so those two are assigned last, and
-- last_transaction_at (which the test compares first) the very last. VALUES(col) is the value this INSERT brings.
-- Times are DATETIME in UTC: :#occurredAtUtc, UTC_TIMESTAMP(6).
INSERT INTO gift_card_balance
       (voucher_id, voucher_code, holder_id, balance, currency, last_transaction_id, last_transaction_at, updated_at)
VALUES (:#voucherId, :#voucherCode, :#holderId, :#balanceAfter, :#currency, :#transactionId, :#occurredAtUtc,
        UTC_TIMESTAMP(6))
ON DUPLICATE KEY UPDATE
    voucher_code        = IF(VALUES(last_transaction_at) > last_transaction_at
                             OR (VALUES(last_transaction_at) = last_transaction_at
                                 AND VALUES(last_transaction_id) > last_transaction_id),
                             COALESCE(VALUES(voucher_code), voucher_code), voucher_code),
    holder_id           = IF(VALUES(last_transaction_at) > last_transaction_at
                             OR (VALUES(last_transaction_at) = last_transaction_at
                                 AND VALUES(last_transaction_id) > last_transaction_id),
                             COALESCE(VALUES(holder_id), holder_id), holder_id),
    balance             = IF(VALUES(last_transaction_at) > last_transaction_at
                             OR (VALUES(last_transaction_at) = last_transaction_at
                                 AND VALUES(last_transaction_id) > last_transaction_id),
                             VALUES(balance), balance),
    currency            = IF(VALUES(last_transaction_at) > last_transaction_at
                             OR (VALUES(last_transaction_at) = last_transaction_at
                                 AND VALUES(last_transaction_id) > last_transaction_id),
                             VALUES(currency), currency),
    updated_at          = IF(VALUES(last_transaction_at) > last_transaction_at
                             OR (VALUES(last_transaction_at) = last_transaction_at
                                 AND VALUES(last_transaction_id) > last_transaction_id),
                             VALUES(updated_at), updated_at),
    -- the test's own columns: last_transaction_id first (on a tie of times the test then fails for the time, which
    -- is equal anyway), last_transaction_at last
    last_transaction_id = IF(VALUES(last_transaction_at) > last_transaction_at
                             OR (VALUES(last_transaction_at) = last_transaction_at
                                 AND VALUES(last_transaction_id) > last_transaction_id),
                             VALUES(last_transaction_id), last_transaction_id),
    last_transaction_at = IF(VALUES(last_transaction_at) > last_transaction_at,
                             VALUES(last_transaction_at), last_transaction_at)
