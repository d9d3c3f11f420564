-- Live across PCs: every event a branch writes tells the sessions listening
-- on channel `lobbydesk` which branch changed, when its transaction commits
-- (one notice per branch and transaction: the server folds repeats).
CREATE FUNCTION lobbydesk_notify_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM pg_notify('lobbydesk', NEW.branch);
    RETURN NULL;
END $$;

CREATE TRIGGER events_notify AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION lobbydesk_notify_event();
