-- A ticket transferred to another service (a personal client who needs the
-- wealth desk) keeps its number and arrival: `service` stays the service
-- whose daily sequence issued the number (so numbering is unchanged), and
-- `transferred_to` is the service it now waits for or is served in.
ALTER TABLE tickets ADD COLUMN transferred_to TEXT;
