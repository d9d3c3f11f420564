-- Each write's request id, inserted in the write's own transaction: after
-- a connection lost while committing, the session that reconnects asks
-- whether its write was saved, so that nothing is applied twice or taken
-- for lost.
CREATE TABLE writes (
    branch TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches (code),
    id     TEXT NOT NULL,
    at     BIGINT NOT NULL,
    PRIMARY KEY (branch, id)
);
CREATE INDEX writes_at ON writes (branch, at);

ALTER TABLE writes ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON writes TO lobbydesk_staff;
CREATE POLICY writes_own ON writes FOR ALL TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()));
