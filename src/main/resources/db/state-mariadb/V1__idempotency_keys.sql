-- db/state/V1 on MariaDB/MySQL (same versions in both folders). DATETIME(6): a MariaDB TIMESTAMP column would take
-- an automatic ON UPDATE CURRENT_TIMESTAMP. Binary collation: keys differing in case are different keys.
-- Camel's JDBC idempotent repository reads and writes this table, by this exact (upper-case) name;
-- the primary key makes a key unique across every instance that shares the database.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(100) NOT NULL,
    messageId     VARCHAR(500) NOT NULL,
    createdAt     DATETIME(6)  NOT NULL,
    PRIMARY KEY (processorName, messageId)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
