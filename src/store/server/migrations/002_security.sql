-- Who may do what, enforced by the server: the login groups, who the
-- session is (its branch, roster code and roles), the database locked down
-- to those groups, every table's row-level security for the office logins,
-- the event trail's protection and the administrator's login functions.
-- The staff's table privileges and policies follow in 003_policies.sql.
--
-- The owner (the administrator who migrates and copies branches in) is not
-- subject to row-level security: it is enabled, not forced.

-- ------------------------------------------------------------ the groups
--
-- Roles belong to the whole server, which several lobbydesk databases may
-- share: created once, whichever database migrates first (two migrating at
-- once: the second finds the role there).
DO $$
DECLARE
    g TEXT;
BEGIN
    FOREACH g IN ARRAY ARRAY['lobbydesk_staff', 'lobbydesk_office'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', g);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END $$;

-- --------------------------------------------------------- the session
--
-- Each function reads the logins and the roster as their owner, whatever
-- the row-level security shows the caller. pg_temp comes last on their
-- path, so that a temporary table cannot stand in for logins or staff.
-- lobbydesk_branch() and lobbydesk_code() (001) get the same path.
ALTER FUNCTION lobbydesk_branch() SET search_path = public, pg_temp;
ALTER FUNCTION lobbydesk_code() SET search_path = public, pg_temp;

-- The branch of a staff login of this database; NULL for anyone else (an
-- office login, the administrator, a login of another lobbydesk database
-- on the same server), whatever they SET lobbydesk.branch to.
CREATE FUNCTION lobbydesk_staff_branch() RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT branch FROM logins WHERE login = session_user::text AND office = 0
$$;

-- The roster code of a staff login of this database (NULL for anyone else).
CREATE FUNCTION lobbydesk_staff_code() RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT code FROM logins WHERE login = session_user::text AND office = 0
$$;

-- The roles of the caller's roster entry while it is active (none once
-- the head deactivates it: the login then does nothing).
CREATE FUNCTION lobbydesk_roles() RETURNS TEXT[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT coalesce(array_agg(r ORDER BY r), '{}') FROM (
        SELECT trim(r) AS r
        FROM logins l
        JOIN staff s ON s.branch = l.branch AND s.code = l.code,
             regexp_split_to_table(s.roles, ',') AS r
        WHERE l.login = session_user::text AND l.office = 0 AND s.active = 1
    ) AS x
    WHERE r <> ''
$$;

CREATE FUNCTION lobbydesk_has_role(role TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT role = ANY (lobbydesk_roles())
$$;

-- As the application's authority table reads a roster entry: a kiosk
-- (role kiosk) only registers walk-ins, whatever else it holds; a display
-- (role display) only shows the queue; everyone else works at a desk.
CREATE FUNCTION lobbydesk_kiosk() RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT 'kiosk' = ANY (lobbydesk_roles())
$$;

CREATE FUNCTION lobbydesk_display() RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT 'display' = ANY (r) AND NOT 'kiosk' = ANY (r) FROM lobbydesk_roles() AS r
$$;

-- Works at a desk: a teller, the lobby manager, a line's manager, the head.
CREATE FUNCTION lobbydesk_desk() RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT cardinality(r) > 0 AND NOT r && ARRAY['kiosk', 'display']
    FROM lobbydesk_roles() AS r
$$;

-- Any active roster entry: a desk, a kiosk or a display.
CREATE FUNCTION lobbydesk_active() RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT cardinality(lobbydesk_roles()) > 0
$$;

-- Registers walk-ins, calls and serves, flags cards (authority: serves()).
CREATE FUNCTION lobbydesk_serves() RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT lobbydesk_desk() AND lobbydesk_roles() && ARRAY['teller', 'lobby', 'head']
$$;

-- Runs the queue as a whole (authority: runs_queue()).
CREATE FUNCTION lobbydesk_runs_queue() RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT lobbydesk_desk() AND lobbydesk_roles() && ARRAY['lobby', 'head']
$$;

CREATE FUNCTION lobbydesk_is_head() RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT lobbydesk_desk() AND 'head' = ANY (lobbydesk_roles())
$$;

-- A line's manager: holds a role other than the five fixed ones (the
-- branch settings name each line's role; the roster takes no other).
CREATE FUNCTION lobbydesk_line_manager() RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT lobbydesk_desk() AND EXISTS (
        SELECT 1 FROM unnest(lobbydesk_roles()) AS r
        WHERE r NOT IN ('lobby', 'teller', 'head', 'kiosk', 'display'))
$$;

-- An office login of this database (logins.office = 1).
CREATE FUNCTION lobbydesk_is_office() RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT EXISTS (SELECT 1 FROM logins WHERE login = session_user::text AND office = 1)
$$;

-- The one branch an office session looks at (SET lobbydesk.branch), or
-- NULL for every branch.
CREATE FUNCTION lobbydesk_office_branch() RETURNS TEXT
LANGUAGE sql STABLE
AS $$
    SELECT nullif(current_setting('lobbydesk.branch', true), '')
$$;

-- The database's owner or a superuser, acting as themselves (not through
-- SET ROLE to another login).
CREATE FUNCTION lobbydesk_administrator() RETURNS BOOLEAN
LANGUAGE sql STABLE SET search_path = public, pg_temp
AS $$
    SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)
        OR pg_has_role(current_user,
                       (SELECT datdba FROM pg_database WHERE datname = current_database()),
                       'MEMBER')
$$;

-- ------------------------------------------------------------- lockdown
--
-- Only the two groups connect; nobody but the owner creates anything, a
-- temporary table included (it could shadow a table in a query).
DO $$
BEGIN
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO lobbydesk_staff, lobbydesk_office',
                   current_database());
END $$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO lobbydesk_staff, lobbydesk_office;

-- Signing in reads the schema's version.
DO $$
BEGIN
    IF to_regclass('public.lobbydesk_schema') IS NOT NULL THEN
        GRANT SELECT ON lobbydesk_schema TO lobbydesk_staff, lobbydesk_office;
    END IF;
END $$;

-- -------------------------------------- row-level security, office reads
--
-- Every table with a branch column: row-level security on, and an office
-- login reads every branch's rows (or only the branch it SET
-- lobbydesk.branch to) and writes nothing (it is granted SELECT only).
DO $$
DECLARE
    t TEXT;
BEGIN
    FOR t IN
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables tb
          ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
        WHERE c.table_schema = 'public' AND c.column_name = 'branch'
          AND tb.table_type = 'BASE TABLE'
        ORDER BY 1
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', t);
        EXECUTE format('GRANT SELECT ON %I TO lobbydesk_office', t);
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR SELECT TO lobbydesk_office
             USING ((SELECT lobbydesk_is_office())
                    AND (branch = (SELECT lobbydesk_office_branch())
                         OR (SELECT lobbydesk_office_branch()) IS NULL))',
            t || '_office_read', t);
    END LOOP;
END $$;

ALTER TABLE branches ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON branches FROM PUBLIC;
GRANT SELECT ON branches TO lobbydesk_staff, lobbydesk_office;
CREATE POLICY branches_office_read ON branches FOR SELECT TO lobbydesk_office
    USING ((SELECT lobbydesk_is_office())
           AND (code = (SELECT lobbydesk_office_branch())
                OR (SELECT lobbydesk_office_branch()) IS NULL));
CREATE POLICY branches_staff_read ON branches FOR SELECT TO lobbydesk_staff
    USING (code = (SELECT lobbydesk_staff_branch()));

-- A login reads its own row of logins, nothing else (the office reads the
-- others through the policy above).
GRANT SELECT ON logins TO lobbydesk_staff;
CREATE POLICY logins_own_read ON logins FOR SELECT TO lobbydesk_staff, lobbydesk_office
    USING (login = session_user::text);

-- The roster's sign-in columns (PIN hashes, failed tries, lock, operating
-- system account) are nobody's to read on the server: no PIN here.
REVOKE SELECT ON staff FROM lobbydesk_office;
GRANT SELECT (branch, code, name, roles, counter, active) ON staff TO lobbydesk_office;

-- ----------------------------------------------------- the event trail
--
-- Inserts only, for everyone: no UPDATE, DELETE or TRUNCATE is granted, and
-- these triggers refuse them even to the owner, as SQLite's
-- events_no_update and events_no_delete do.
CREATE FUNCTION lobbydesk_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
FOR EACH ROW EXECUTE FUNCTION lobbydesk_events_append_only();
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
FOR EACH ROW EXECUTE FUNCTION lobbydesk_events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
FOR EACH STATEMENT EXECUTE FUNCTION lobbydesk_events_append_only();

-- An event's hash exactly as store::events::event_hash computes it: SHA-256
-- over each part's UTF-8 bytes followed by one 0x1f byte (the previous
-- hash, id, at, actor, kind, record, record_id or '' for none, details),
-- in lowercase hex.
CREATE FUNCTION lobbydesk_event_hash(prev TEXT, id BIGINT, at BIGINT, actor TEXT,
    kind TEXT, record TEXT, record_id BIGINT, details TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE
AS $$
    SELECT encode(sha256(
        convert_to(prev, 'UTF8') || '\x1f'::bytea
        || convert_to(id::text, 'UTF8') || '\x1f'::bytea
        || convert_to(at::text, 'UTF8') || '\x1f'::bytea
        || convert_to(actor, 'UTF8') || '\x1f'::bytea
        || convert_to(kind, 'UTF8') || '\x1f'::bytea
        || convert_to(record, 'UTF8') || '\x1f'::bytea
        || convert_to(coalesce(record_id::text, ''), 'UTF8') || '\x1f'::bytea
        || convert_to(details, 'UTF8') || '\x1f'::bytea), 'hex')
$$;

-- The hash before a branch's first event.
CREATE FUNCTION lobbydesk_genesis() RETURNS TEXT
LANGUAGE sql IMMUTABLE
AS $$ SELECT repeat('0', 64) $$;

-- The branch's chain head (last id, 0 for none, and its hash), read after
-- taking the branch's write lock, which is held until the transaction
-- ends: the application calls it before hashing its event, so that no
-- other session takes the same next id meanwhile. A staff login reads its
-- own branch's head only (the kiosk, which reads no events, needs it too).
CREATE FUNCTION lobbydesk_chain_head(OUT id BIGINT, OUT hash TEXT)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    b TEXT := coalesce(lobbydesk_staff_branch(),
                       CASE WHEN lobbydesk_administrator() THEN lobbydesk_branch() END);
BEGIN
    IF b IS NULL THEN
        RAISE EXCEPTION 'only a staff login of a branch writes its event trail'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext(b));
    SELECT e.id, coalesce(e.hash, lobbydesk_genesis()) INTO id, hash
    FROM events e WHERE e.branch = b ORDER BY e.id DESC LIMIT 1;
    id := coalesce(id, 0);
    hash := coalesce(hash, lobbydesk_genesis());
END $$;

-- The kinds of event only the branch head writes (the roster, the
-- settings, pairs, targets, campaigns, imports and the purge), and the
-- kinds a kiosk writes (a walk-in, its client and notice, a rating).
CREATE FUNCTION lobbydesk_head_kinds() RETURNS TEXT[]
LANGUAGE sql IMMUTABLE
AS $$ SELECT ARRAY['staff.add', 'staff.update', 'staff.deactivate', 'staff.reactivate',
    'staff.pin', 'staff.bind', 'settings.import', 'pair.set', 'pair.remove', 'target.set',
    'target.remove', 'campaign.add', 'campaign.send', 'client.import', 'client.purge'] $$;

CREATE FUNCTION lobbydesk_kiosk_kinds() RETURNS TEXT[]
LANGUAGE sql IMMUTABLE
AS $$ SELECT ARRAY['ticket.add', 'client.add', 'client.update', 'notice.send',
    'rating.add', 'staff.sign_in'] $$;

-- Every insert into the trail: a staff login writes as itself, and only
-- the kinds its roles allow; every event (the administrator's too) is its
-- branch's next id and carries the hash that chains it to the one before.
-- The branch's lock (the one lobbydesk_chain_head and a copy take)
-- serialises the branch's writers.
CREATE FUNCTION lobbydesk_events_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    me TEXT := lobbydesk_staff_code();
    last_id BIGINT;
    prev TEXT;
    expected TEXT;
BEGIN
    IF me IS NOT NULL THEN
        IF NEW.actor IS DISTINCT FROM me THEN
            RAISE EXCEPTION 'an event''s actor is the person signed in: % is not %',
                NEW.actor, me USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF lobbydesk_display()
           OR lobbydesk_kiosk() AND NOT NEW.kind = ANY (lobbydesk_kiosk_kinds())
           OR NEW.kind = ANY (lobbydesk_head_kinds()) AND NOT lobbydesk_is_head() THEN
            RAISE EXCEPTION '% may not write a % event', me, NEW.kind
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext(NEW.branch));
    SELECT e.id, e.hash INTO last_id, prev
    FROM events e WHERE e.branch = NEW.branch ORDER BY e.id DESC LIMIT 1;
    IF NEW.id IS DISTINCT FROM coalesce(last_id, 0) + 1 THEN
        RAISE EXCEPTION 'event % of branch %: the next event is %',
            NEW.id, NEW.branch, coalesce(last_id, 0) + 1
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    expected := lobbydesk_event_hash(coalesce(prev, lobbydesk_genesis()), NEW.id, NEW.at,
        NEW.actor, NEW.kind, NEW.record, NEW.record_id, NEW.details);
    IF NEW.hash IS DISTINCT FROM expected THEN
        RAISE EXCEPTION 'event % of branch %: its hash does not chain to event %',
            NEW.id, NEW.branch, coalesce(last_id, 0)
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER events_chain BEFORE INSERT ON events
FOR EACH ROW EXECUTE FUNCTION lobbydesk_events_check();

-- ---------------------------------------------- the administrator's logins
--
-- A person's PostgreSQL login, mapped to their roster code in a branch;
-- the login role is created if missing, without a password (the
-- administrator sets it: ALTER ROLE … PASSWORD). Run again, it maps the
-- login anew. Only the database's owner or a superuser runs these.
CREATE FUNCTION lobbydesk_add_login(login TEXT, branch TEXT, code TEXT) RETURNS VOID
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF NOT lobbydesk_administrator() THEN
        RAISE EXCEPTION 'only the database''s owner adds logins'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF $3 IS NULL OR $2 IS NULL THEN
        RAISE EXCEPTION 'a staff login names its branch and roster code';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND (rolsuper OR rolbypassrls)) THEN
        RAISE EXCEPTION 'login % passes row-level security: not a staff login', $1;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', $1);
    END IF;
    EXECUTE format('GRANT lobbydesk_staff TO %I', $1);
    INSERT INTO logins (login, branch, code, office) VALUES ($1, $2, $3, 0)
    ON CONFLICT (login) DO UPDATE
    SET branch = excluded.branch, code = excluded.code, office = 0;
END $$;

-- A head-office login: reads every branch (or the one it SETs
-- lobbydesk.branch to) and writes nothing.
CREATE FUNCTION lobbydesk_add_office_login(login TEXT) RETURNS VOID
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF NOT lobbydesk_administrator() THEN
        RAISE EXCEPTION 'only the database''s owner adds logins'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND (rolsuper OR rolbypassrls)) THEN
        RAISE EXCEPTION 'login % passes row-level security: not an office login', $1;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', $1);
    END IF;
    EXECUTE format('GRANT lobbydesk_office TO %I', $1);
    INSERT INTO logins (login, branch, code, office) VALUES ($1, NULL, NULL, 1)
    ON CONFLICT (login) DO UPDATE SET branch = NULL, code = NULL, office = 1;
END $$;

REVOKE EXECUTE ON FUNCTION lobbydesk_add_login(TEXT, TEXT, TEXT) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION lobbydesk_add_office_login(TEXT) FROM PUBLIC;
