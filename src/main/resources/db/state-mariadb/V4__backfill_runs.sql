-- db/state/V4 on MariaDB/MySQL: backfill runs (see there). A unique index allows many NULLs, one 'running'.
CREATE TABLE backfill_run (
    run_id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    trigger_kind        VARCHAR(20)   NOT NULL,
    status              VARCHAR(20)   NOT NULL,
    running_slot        VARCHAR(20),
    since_at            DATETIME(6)   NOT NULL,
    until_at            DATETIME(6)   NOT NULL,
    started_at          DATETIME(6)   NOT NULL,
    updated_at          DATETIME(6)   NOT NULL,
    finished_at         DATETIME(6),
    vouchers_checked    INT           NOT NULL,
    transactions_seen   INT           NOT NULL,
    transactions_booked INT           NOT NULL,
    transactions_parked INT           NOT NULL,
    drift               LONGTEXT,
    error               VARCHAR(1000)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

CREATE UNIQUE INDEX backfill_run_one_running ON backfill_run (running_slot);
CREATE INDEX backfill_run_started ON backfill_run (started_at);
