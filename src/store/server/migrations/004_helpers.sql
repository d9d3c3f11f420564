-- What some operations need from rows their login may not read: each a
-- function running as the owner that checks the caller itself, reads or
-- writes exactly that, and returns no more than the operation uses. The
-- application writes the events of these changes itself, as it does for
-- every other write.

-- A client's name as the lists mask it (王*明): store::privacy::mask_name.
CREATE FUNCTION lobbydesk_mask_name(name TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT
AS $$
    SELECT CASE length(name)
        WHEN 0 THEN ''
        WHEN 1 THEN '*'
        WHEN 2 THEN left(name, 1) || '*'
        ELSE left(name, 1) || repeat('*', length(name) - 2) || right(name, 1)
    END
$$;

-- A walk-in's client, for a kiosk (which reads no client) or a desk, as
-- ops::clients::find_or_add does it: the client with this mobile (a name
-- typed fills or replaces a missing or equal one; another person's name
-- refuses: `taken_by` is the stored name masked and nothing is written),
-- else a new client. `manager` and `tier` are what telling the client's
-- dedicated manager of the arrival needs. The caller writes client.add
-- (created) or client.update (renamed).
CREATE FUNCTION lobbydesk_walkin_client(name TEXT, mobile TEXT, at BIGINT,
    OUT client_id BIGINT, OUT created BOOLEAN, OUT renamed BOOLEAN, OUT taken_by TEXT,
    OUT manager TEXT, OUT tier TEXT)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    b TEXT := lobbydesk_staff_branch();
    typed TEXT := nullif(trim($1), '');
    found clients%ROWTYPE;
BEGIN
    IF NOT (lobbydesk_kiosk() OR lobbydesk_serves()) THEN
        RAISE EXCEPTION 'only a kiosk or a desk that serves registers walk-ins'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    created := false;
    renamed := false;
    IF $2 IS NOT NULL THEN
        SELECT * INTO found FROM clients c WHERE c.branch = b AND c.mobile = $2;
    END IF;
    IF found.id IS NULL THEN
        INSERT INTO clients (branch, name, mobile, created_at) VALUES (b, $1, $2, $3)
        RETURNING id INTO client_id;
        created := true;
        RETURN;
    END IF;
    client_id := found.id;
    IF typed IS NOT NULL AND nullif(trim(found.name), '') IS DISTINCT FROM typed THEN
        IF nullif(trim(found.name), '') IS NOT NULL THEN
            taken_by := lobbydesk_mask_name(trim(found.name));
            RETURN;
        END IF;
        UPDATE clients SET name = typed WHERE branch = b AND id = found.id;
        renamed := true;
    END IF;
    manager := found.manager;
    tier := found.tier;
END $$;

-- The open prospect of a client on a line (NULL line: none), whoever owns
-- it: store::prospects::open_prospect, which adding a prospect (by hand, a
-- sweep, a dormant client, a missed appointment) asks first.
CREATE FUNCTION lobbydesk_open_prospect(client_id BIGINT, line TEXT) RETURNS BIGINT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT p.id FROM prospects p
    WHERE lobbydesk_desk() AND p.branch = lobbydesk_staff_branch()
      AND p.client_id = $1 AND p.line IS NOT DISTINCT FROM $2 AND p.stage = 'open'
    ORDER BY p.id LIMIT 1
$$;

-- The owners of a client's open prospects (with each prospect's id and
-- line), whoever they are: the marketers on the client that the two-at-
-- most rule counts.
CREATE FUNCTION lobbydesk_prospect_owners(client_id BIGINT)
RETURNS TABLE (id BIGINT, owner TEXT, line TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT p.id, p.owner, p.line FROM prospects p
    WHERE lobbydesk_desk() AND p.branch = lobbydesk_staff_branch()
      AND p.client_id = $1 AND p.stage = 'open'
    ORDER BY p.id
$$;

-- A card just contracted settles its client's open prospects on its line
-- (or made from it) as won, with its product and amount, whoever owns them
-- (ops::prospects::settle_won): for the card's receiver, its closer or the
-- head. Returns the prospects won; the caller writes their prospect.won.
CREATE FUNCTION lobbydesk_settle_won(card BIGINT, at BIGINT)
RETURNS TABLE (prospect_id BIGINT)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    b TEXT := lobbydesk_staff_branch();
    me TEXT := lobbydesk_staff_code();
    k cards%ROWTYPE;
BEGIN
    SELECT * INTO k FROM cards c WHERE c.branch = b AND c.id = $1;
    IF NOT lobbydesk_desk() OR k.id IS NULL OR k.status <> 'contracted'
       OR NOT ((me IN (k.receiver, k.closed_by)) IS TRUE OR lobbydesk_is_head()) THEN
        RAISE EXCEPTION 'only a contracted card''s receiver settles its follow-ups'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    UPDATE prospects p SET stage = 'won', end_reason = NULL, product = k.product,
        amount_cents = k.amount_cents, ended_at = $2
    WHERE p.branch = b AND p.client_id = k.client_id AND p.stage = 'open'
      AND (p.source_card = k.id OR p.line = k.line)
    RETURNING p.id;
END $$;

-- A missed appointment puts its client back on the booker's follow-ups,
-- due `today` (ops::appointments::mark_missed, run by whichever desk
-- notices): the booker's open prospect of the client (the appointment's
-- own first, then one on its line) is rescheduled. Returns it and its
-- previous due date; none when the booker has no open prospect of the
-- client (the caller then adds one, which prospects_add admits).
CREATE FUNCTION lobbydesk_missed_due(appointment BIGINT, today TEXT,
    OUT prospect_id BIGINT, OUT was_due TEXT)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    b TEXT := lobbydesk_staff_branch();
    a appointments%ROWTYPE;
BEGIN
    SELECT * INTO a FROM appointments x WHERE x.branch = b AND x.id = $1;
    IF NOT lobbydesk_desk() OR a.id IS NULL OR a.status <> 'missed' THEN
        RAISE EXCEPTION 'only a missed appointment sends its client back to follow-ups'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT p.id, p.next_due INTO prospect_id, was_due FROM prospects p
    WHERE p.branch = b AND p.client_id = a.client_id AND p.owner = a.booked_by
      AND p.stage = 'open'
    ORDER BY p.id IS DISTINCT FROM a.prospect_id, p.line IS DISTINCT FROM a.line, p.id
    LIMIT 1;
    IF prospect_id IS NOT NULL THEN
        UPDATE prospects SET next_due = $2 WHERE branch = b AND id = prospect_id;
    END IF;
END $$;
