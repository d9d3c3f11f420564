-- What each person and each line did on a closed day, by need category and
-- product (the rows targets are counted from), kept at the close as JSON,
-- so a month's or a quarter's targets add up closed days and read the
-- records only for the days still open.
CREATE TABLE day_targets (
    day  TEXT PRIMARY KEY,               -- YYYY-MM-DD, a day in day_closes
    rows TEXT NOT NULL
) WITHOUT ROWID;
