-- Backfill runs (backfill.BackfillRuns): each run's window, status, counts and report, shared by every instance.
-- running_slot is 'running' while a run runs and NULL after: its unique index lets one run at a time start, across
-- instances too. No personal data: ids, counts, balances and reasons.
CREATE TABLE backfill_run (
    run_id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    trigger_kind        VARCHAR(20)   NOT NULL,
    status              VARCHAR(20)   NOT NULL,
    running_slot        VARCHAR(20),
    since_at            TIMESTAMP     NOT NULL,
    until_at            TIMESTAMP     NOT NULL,
    started_at          TIMESTAMP     NOT NULL,
    updated_at          TIMESTAMP     NOT NULL,
    finished_at         TIMESTAMP,
    vouchers_checked    INT           NOT NULL,
    transactions_seen   INT           NOT NULL,
    transactions_booked INT           NOT NULL,
    transactions_parked INT           NOT NULL,
    drift               TEXT,
    error               VARCHAR(1000)
);

CREATE UNIQUE INDEX backfill_run_one_running ON backfill_run (running_slot);
CREATE INDEX backfill_run_started ON backfill_run (started_at);
