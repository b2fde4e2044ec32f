-- What kind of trouble a source's last failed poll was (auth, unreachable, rate-limited,
-- malformed): the audit tells source-auth from source-unreachable by it.
ALTER TABLE source_poll ADD COLUMN last_kind VARCHAR(20);
