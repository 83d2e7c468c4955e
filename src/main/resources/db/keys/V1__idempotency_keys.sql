-- The idempotency keys in a database of their own (gift.keys-db; on the embedded defaults an H2 file beside the state
-- database's, so that the intake's commit never waits behind the email leg's send markers and the journal for H2's
-- store lock). The same table as db/state's V1 and V2: Camel's JDBC idempotent repository reads and writes it; the
-- primary key makes a key unique across every instance that shares the database.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(100) NOT NULL,
    messageId     VARCHAR(500) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL,
    PRIMARY KEY (processorName, messageId)
);

CREATE INDEX camel_messageprocessed_created ON CAMEL_MESSAGEPROCESSED (createdAt);
