-- Targets (目标任务到人到岗): what the branch head asks of a person or a
-- line for a month (2026-11) or a quarter (2026-Q4). One target per whom,
-- measure, scope and period: setting it again replaces the value (each
-- time a target.set event). Counts, or cents for an amount.
CREATE TABLE targets (
    id         INTEGER PRIMARY KEY,
    whom_kind  TEXT NOT NULL CHECK (whom_kind IN ('person', 'line')),
    whom_code  TEXT NOT NULL,
    measure    TEXT NOT NULL CHECK (measure IN ('referrals', 'contracts', 'amount', 'contacts')),
    scope      TEXT NOT NULL DEFAULT 'all',   -- all, need:CODE, product:CODE
    period     TEXT NOT NULL,                 -- YYYY-MM or YYYY-Qn
    value      INTEGER NOT NULL CHECK (value > 0),
    set_by     TEXT NOT NULL REFERENCES staff(code),
    set_at     INTEGER NOT NULL,
    UNIQUE (whom_kind, whom_code, measure, scope, period)
);
CREATE INDEX targets_period ON targets(period);
