-- The backfill's question for each transaction it reads from Voucherify's API: is it in the ERP ledger already?
-- (0: hand it off; otherwise a webhook, or an earlier run, brought it.) Parameter: :#transactionId.
SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id = :#transactionId
