-- The end of the branch's trail, and its head as it stood at a time (the
-- anchor a report prints), for every session of the branch. Read through
-- the policies, each would be what this login may see of the trail: the
-- last event a teller may read, and a search that skipped a manager's
-- prospects, found the wrong anchor, and read row after row the login may
-- not see. An event's id and hash say nothing of what it holds. The search
-- runs here, in one statement, rather than as twenty-odd round trips.
CREATE OR REPLACE FUNCTION lobbydesk_last_event() RETURNS BIGINT
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN coalesce((SELECT max(id) FROM events WHERE branch = lobbydesk_branch()), 0);
END $$;

-- The hash of the branch's last event written before `until` (UTC
-- seconds), the genesis hash when none was: events are written in time
-- order, so a binary search on the key finds it without reading the trail.
CREATE OR REPLACE FUNCTION lobbydesk_chain_head_at(until BIGINT) RETURNS TEXT
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    b TEXT := lobbydesk_branch();
    lo BIGINT := 0;
    hi BIGINT := lobbydesk_last_event();
    mid BIGINT;
    t BIGINT;
    h TEXT;
BEGIN
    -- Events up to lo were before until, those after hi not.
    WHILE lo < hi LOOP
        mid := lo + (hi - lo + 1) / 2;
        t := (SELECT e.at FROM events e WHERE e.branch = b AND e.id = mid);
        IF t >= until THEN
            hi := mid - 1;
        ELSE
            lo := mid;
        END IF;
    END LOOP;
    h := (SELECT e.hash FROM events e WHERE e.branch = b AND e.id = lo);
    RETURN coalesce(h, lobbydesk_genesis());
END $$;
