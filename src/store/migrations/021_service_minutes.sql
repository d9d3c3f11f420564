-- Each day's visits that ended after a call (done or no-show), per service
-- (the one a ticket was transferred to, else its own): how many, and their
-- seconds from first call to end. The expected wait's usual time of each
-- service adds up the days before today here (a few rows a day) instead of
-- reading every ticket of those days. Kept by the triggers below, in the
-- same transaction as the ticket's change.
CREATE TABLE service_minutes (
    day     TEXT NOT NULL,               -- YYYY-MM-DD, the tickets' day
    service TEXT NOT NULL,
    visits  INTEGER NOT NULL,
    seconds INTEGER NOT NULL,
    PRIMARY KEY (day, service)
) WITHOUT ROWID;

INSERT INTO service_minutes (day, service, visits, seconds)
SELECT day, coalesce(transferred_to, service), count(*), sum(finished_at - called_at)
FROM tickets
WHERE status IN ('done', 'no_show') AND called_at IS NOT NULL AND finished_at IS NOT NULL
GROUP BY 1, 2;

CREATE TRIGGER service_minutes_add AFTER INSERT ON tickets
WHEN NEW.status IN ('done', 'no_show') AND NEW.called_at IS NOT NULL
    AND NEW.finished_at IS NOT NULL
BEGIN
    INSERT INTO service_minutes (day, service, visits, seconds)
    VALUES (NEW.day, coalesce(NEW.transferred_to, NEW.service), 1,
        NEW.finished_at - NEW.called_at)
    ON CONFLICT (day, service) DO UPDATE
    SET visits = visits + 1, seconds = seconds + excluded.seconds;
END;

CREATE TRIGGER service_minutes_remove AFTER DELETE ON tickets
WHEN OLD.status IN ('done', 'no_show') AND OLD.called_at IS NOT NULL
    AND OLD.finished_at IS NOT NULL
BEGIN
    UPDATE service_minutes SET visits = visits - 1,
        seconds = seconds - (OLD.finished_at - OLD.called_at)
    WHERE day = OLD.day AND service = coalesce(OLD.transferred_to, OLD.service);
END;

-- A change takes the ticket's old visit out and puts its new one in (two
-- triggers: each applies only when its side counts).
CREATE TRIGGER service_minutes_change_out
AFTER UPDATE OF day, service, transferred_to, status, called_at, finished_at ON tickets
WHEN OLD.status IN ('done', 'no_show') AND OLD.called_at IS NOT NULL
    AND OLD.finished_at IS NOT NULL
BEGIN
    UPDATE service_minutes SET visits = visits - 1,
        seconds = seconds - (OLD.finished_at - OLD.called_at)
    WHERE day = OLD.day AND service = coalesce(OLD.transferred_to, OLD.service);
END;

CREATE TRIGGER service_minutes_change_in
AFTER UPDATE OF day, service, transferred_to, status, called_at, finished_at ON tickets
WHEN NEW.status IN ('done', 'no_show') AND NEW.called_at IS NOT NULL
    AND NEW.finished_at IS NOT NULL
BEGIN
    INSERT INTO service_minutes (day, service, visits, seconds)
    VALUES (NEW.day, coalesce(NEW.transferred_to, NEW.service), 1,
        NEW.finished_at - NEW.called_at)
    ON CONFLICT (day, service) DO UPDATE
    SET visits = visits + 1, seconds = seconds + excluded.seconds;
END;
