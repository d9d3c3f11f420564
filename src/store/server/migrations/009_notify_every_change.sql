-- Live across PCs, whatever changed: a commit that changes any of a
-- branch's tables tells the listening sessions, not only one that writes an
-- event (a change made by the administrator with psql, say). The branch of
-- the session names it; a session without one (the administrator's) tells
-- every branch with an empty notice. The server folds repeats within a
-- transaction, so a write that changes many rows tells once. Run again
-- (an older schema's number), it changes nothing.
CREATE OR REPLACE FUNCTION lobbydesk_notify_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM pg_notify('lobbydesk', coalesce(lobbydesk_branch(), ''));
    RETURN NULL;
END $$;

DO $$
DECLARE t TEXT;
BEGIN
    FOR t IN
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables k
          ON k.table_name = c.table_name AND k.table_schema = c.table_schema
        WHERE c.table_schema = current_schema() AND c.column_name = 'branch'
          AND k.table_type = 'BASE TABLE' AND c.table_name NOT IN ('events', 'logins')
    LOOP
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
                 FOR EACH STATEMENT EXECUTE FUNCTION lobbydesk_notify_change()',
            t || '_notify', t);
    END LOOP;
END $$;
