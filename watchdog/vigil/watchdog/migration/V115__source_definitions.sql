-- Each source's workflow definitions as last read from the platform (docs/discovery.md): one row a
-- platform workflow, its Definition as JSON, rewritten only when it changed; and when each
-- source's definitions were last read, or why they could not be.
CREATE TABLE source_definition (
    source  VARCHAR(100)     NOT NULL,
    ref     VARCHAR(400)     NOT NULL,
    body    VARCHAR(1000000) NOT NULL,
    read_at BIGINT           NOT NULL,
    PRIMARY KEY (source, ref)
);

ALTER TABLE source_poll ADD COLUMN definitions_read BIGINT;
ALTER TABLE source_poll ADD COLUMN definitions_error VARCHAR(1000);
