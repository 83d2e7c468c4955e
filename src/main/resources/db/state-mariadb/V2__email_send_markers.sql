-- db/state/V2 on MariaDB/MySQL. One row per transaction whose top-up email was begun: 'sending' (committed before
-- the SMTP conversation starts), then 'sent' once the server has accepted the message (see db/state/V2).
CREATE TABLE email_send_marker (
    transaction_id VARCHAR(200) NOT NULL PRIMARY KEY,
    state          VARCHAR(10)  NOT NULL,
    begun_at       DATETIME(6)  NOT NULL,
    completed_at   DATETIME(6)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

CREATE INDEX email_send_marker_begun ON email_send_marker (begun_at);
CREATE INDEX camel_messageprocessed_created ON CAMEL_MESSAGEPROCESSED (createdAt);

-- Markers written by earlier versions (Camel's idempotent repository) become completed sends.
INSERT INTO email_send_marker (transaction_id, state, begun_at, completed_at)
SELECT messageId, 'sent', createdAt, createdAt FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'customer-email';
DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'customer-email';
