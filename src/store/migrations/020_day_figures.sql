-- The figures of a closed day that add up over a range: the grouped rows of
-- the report's ticket, card and follow-up passes (JSON) and the waits'
-- histogram in whole seconds per service (compact bytes), written at the
-- close, so a range report adds up closed days and reads the records only
-- for the days still open.
CREATE TABLE day_figures (
    day     TEXT PRIMARY KEY,            -- YYYY-MM-DD, a day in day_closes
    version INTEGER NOT NULL,            -- the layout of `rows` and `waits`
    rows    TEXT NOT NULL,
    waits   BLOB NOT NULL
) WITHOUT ROWID;
