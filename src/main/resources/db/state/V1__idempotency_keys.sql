-- The integration's own state. Camel's JDBC idempotent repository reads and writes this table;
-- the primary key makes a key unique across every instance that shares the database.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(100) NOT NULL,
    messageId     VARCHAR(500) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
