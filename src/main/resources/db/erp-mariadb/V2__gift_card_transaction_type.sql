-- Every gift transaction is booked, not only top-ups: each ledger row says which kind it is (CREDITS_ADDITION,
-- CREDITS_REFUND, CREDITS_REDEMPTION, CREDITS_REMOVAL). The amount's sign follows the type: positive for an addition
-- or a refund, negative for a redemption or a removal. Rows written before this version are all additions.
-- The same version as db/erp/V2 (H2, PostgreSQL).
ALTER TABLE gift_card_transaction ADD COLUMN transaction_type VARCHAR(30) DEFAULT 'CREDITS_ADDITION' NOT NULL;
