-- Who the session is, asked by every policy once per statement: written in
-- PL/pgSQL, whose statements keep their plans for the session, rather than
-- as SQL functions planned anew at each call (which cost a statement of a
-- desk a few milliseconds). Same names, signatures and answers.
CREATE OR REPLACE FUNCTION lobbydesk_branch() RETURNS TEXT
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    b TEXT;
    office BIGINT;
BEGIN
    SELECT l.branch, l.office INTO b, office FROM logins l WHERE l.login = session_user::text;
    IF NOT FOUND OR office = 1 THEN
        RETURN nullif(current_setting('lobbydesk.branch', true), '');
    END IF;
    RETURN b;
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_code() RETURNS TEXT
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN (SELECT code FROM logins WHERE login = session_user::text);
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_staff_branch() RETURNS TEXT
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN (SELECT branch FROM logins WHERE login = session_user::text AND office = 0);
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_staff_code() RETURNS TEXT
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN (SELECT code FROM logins WHERE login = session_user::text AND office = 0);
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_roles() RETURNS TEXT[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    r TEXT[];
BEGIN
    SELECT coalesce(array_agg(x ORDER BY x) FILTER (WHERE x <> ''), '{}') INTO r
    FROM logins l
    JOIN staff s ON s.branch = l.branch AND s.code = l.code,
         LATERAL (SELECT trim(y) AS x FROM regexp_split_to_table(s.roles, ',') AS y) AS t
    WHERE l.login = session_user::text AND l.office = 0 AND s.active = 1;
    RETURN coalesce(r, '{}');
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_has_role(role TEXT) RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN role = ANY (lobbydesk_roles());
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_kiosk() RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN 'kiosk' = ANY (lobbydesk_roles());
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_display() RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    r TEXT[] := lobbydesk_roles();
BEGIN
    RETURN 'display' = ANY (r) AND NOT 'kiosk' = ANY (r);
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_desk() RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    r TEXT[] := lobbydesk_roles();
BEGIN
    RETURN cardinality(r) > 0 AND NOT r && ARRAY['kiosk', 'display'];
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_active() RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN cardinality(lobbydesk_roles()) > 0;
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_serves() RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    r TEXT[] := lobbydesk_roles();
BEGIN
    RETURN cardinality(r) > 0 AND NOT r && ARRAY['kiosk', 'display']
        AND r && ARRAY['teller', 'lobby', 'head'];
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_runs_queue() RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    r TEXT[] := lobbydesk_roles();
BEGIN
    RETURN cardinality(r) > 0 AND NOT r && ARRAY['kiosk', 'display']
        AND r && ARRAY['lobby', 'head'];
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_is_head() RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    r TEXT[] := lobbydesk_roles();
BEGIN
    RETURN cardinality(r) > 0 AND NOT r && ARRAY['kiosk', 'display'] AND 'head' = ANY (r);
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_line_manager() RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    r TEXT[] := lobbydesk_roles();
BEGIN
    RETURN cardinality(r) > 0 AND NOT r && ARRAY['kiosk', 'display'] AND EXISTS (
        SELECT 1 FROM unnest(r) AS x
        WHERE x NOT IN ('lobby', 'teller', 'head', 'kiosk', 'display'));
END $$;

CREATE OR REPLACE FUNCTION lobbydesk_is_office() RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM logins WHERE login = session_user::text AND office = 1);
END $$;
