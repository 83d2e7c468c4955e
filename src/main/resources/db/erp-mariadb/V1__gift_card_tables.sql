-- The ERP's gift-card tables on MariaDB/MySQL: db/erp/V1 in this dialect, with the same version numbers (a change to
-- the tables is a new version in both folders). MariaDB has no TIMESTAMP WITH TIME ZONE: times are DATETIME(6) in UTC
-- (the SQL writes :#occurredAtUtc and UTC_TIMESTAMP(6); ERP connections run with time_zone '+00:00').
-- Binary collation: ids compare as PostgreSQL and H2 compare them (case matters), not case-insensitively.
-- Money is in minor units (1000 = 10.00), never floating point.

CREATE TABLE gift_card_balance (
    voucher_id          VARCHAR(200) NOT NULL PRIMARY KEY,
    voucher_code        VARCHAR(200),
    holder_id           VARCHAR(200),
    balance             BIGINT       NOT NULL,
    currency            CHAR(3)      NOT NULL,
    last_transaction_id VARCHAR(200) NOT NULL,
    last_transaction_at DATETIME(6)  NOT NULL,
    updated_at          DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

CREATE TABLE gift_card_transaction (
    transaction_id VARCHAR(200)  NOT NULL PRIMARY KEY,
    voucher_id     VARCHAR(200)  NOT NULL,
    amount         BIGINT        NOT NULL,
    balance_after  BIGINT        NOT NULL,
    reason         VARCHAR(1000),
    source         VARCHAR(200),
    occurred_at    DATETIME(6)   NOT NULL,
    event_id       VARCHAR(200)  NOT NULL,
    received_at    DATETIME(6)   NOT NULL
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

CREATE INDEX gift_card_transaction_voucher ON gift_card_transaction (voucher_id, occurred_at);
