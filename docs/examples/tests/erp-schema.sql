-- The ERP's own columns beyond the service's tables, as the ERP's owners added them: route tests run these on their
-- in-memory ERP database before the cases (routes/tests/erp-schema.sql). Worked example 2's column:
ALTER TABLE gift_card_transaction ADD COLUMN campaign VARCHAR(200);
