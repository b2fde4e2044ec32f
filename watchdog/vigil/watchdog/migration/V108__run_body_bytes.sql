-- A ping body exactly as received, kept only when it is not plain text: invalid UTF-8, or a NUL
-- byte (which PostgreSQL's text cannot hold). `body` then holds what can be shown of it, with
-- U+FFFD for each byte that cannot.
ALTER TABLE run ADD COLUMN body_bytes ${binary};
