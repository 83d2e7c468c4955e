-- Run once by the postgres image, on an empty volume only (files in /docker-entrypoint-initdb.d).
-- POSTGRES_DB already creates "test" (the database the test suite can use); these are the app's two databases.
CREATE DATABASE erp;         -- the ERP's gift-card tables (ERP_DB_URL)
CREATE DATABASE gift_state;  -- the integration's own state: idempotency keys, email-sent markers (STATE_DB_URL)
