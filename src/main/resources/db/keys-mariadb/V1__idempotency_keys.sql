-- db/keys/V1 on MariaDB/MySQL (as db/state-mariadb's V1 and V2): DATETIME(6), binary collation.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(100) NOT NULL,
    messageId     VARCHAR(500) NOT NULL,
    createdAt     DATETIME(6)  NOT NULL,
    PRIMARY KEY (processorName, messageId)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

CREATE INDEX camel_messageprocessed_created ON CAMEL_MESSAGEPROCESSED (createdAt);
