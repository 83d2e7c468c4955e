-- The ERP's gift-card tables as this integration writes them. Portable SQL: runs on PostgreSQL and H2.
-- Money is in minor units (1000 = 10.00), never floating point.

CREATE TABLE gift_card_balance (
    voucher_id          VARCHAR(200)             NOT NULL PRIMARY KEY,
    voucher_code        VARCHAR(200),
    holder_id           VARCHAR(200),
    balance             BIGINT                   NOT NULL,
    currency            CHAR(3)                  NOT NULL,
    last_transaction_id VARCHAR(200)             NOT NULL,
    last_transaction_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE gift_card_transaction (
    transaction_id VARCHAR(200)             NOT NULL PRIMARY KEY,
    voucher_id     VARCHAR(200)             NOT NULL,
    amount         BIGINT                   NOT NULL,
    balance_after  BIGINT                   NOT NULL,
    reason         VARCHAR(1000),
    source         VARCHAR(200),
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    event_id       VARCHAR(200)             NOT NULL,
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX gift_card_transaction_voucher ON gift_card_transaction (voucher_id, occurred_at);
