-- One row per transaction whose top-up email was begun. A send writes 'sending' (committed before the SMTP
-- conversation starts) and 'sent' once the server has accepted the message. A redelivery that finds 'sent' skips;
-- one that finds 'sending' cannot know whether the customer got the email (the process stopped mid-send) and parks
-- the event for an operator instead of guessing. Replaces the email leg's rows in CAMEL_MESSAGEPROCESSED.
CREATE TABLE email_send_marker (
    transaction_id VARCHAR(200) NOT NULL PRIMARY KEY,
    state          VARCHAR(10)  NOT NULL,
    begun_at       TIMESTAMP    NOT NULL,
    completed_at   TIMESTAMP
);

CREATE INDEX email_send_marker_begun ON email_send_marker (begun_at);
CREATE INDEX camel_messageprocessed_created ON CAMEL_MESSAGEPROCESSED (createdAt);

-- Markers written by earlier versions (Camel's idempotent repository) become completed sends.
INSERT INTO email_send_marker (transaction_id, state, begun_at, completed_at)
SELECT messageId, 'sent', createdAt, createdAt FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'customer-email';
DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'customer-email';
