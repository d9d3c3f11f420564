-- The days kept alone, beside their rows: each process's start checks which
-- closed or quiet days still lack kept figures or target rows, probing every
-- day of the history; the rows themselves (a day's figures, a few kilobytes)
-- would make each probe read a page of its own.
CREATE INDEX day_figures_day ON day_figures(day);
CREATE INDEX day_targets_day ON day_targets(day);
