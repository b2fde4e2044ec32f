-- The inventory as last loaded, with history: rows are never deleted when an entry leaves the
-- inventory, they get removed_at; first_seen is when the entry (re-)entered it; instants are
-- epoch milliseconds (UTC), dates ISO text, so H2 and PostgreSQL read back the same values.

CREATE TABLE inventory_load (
    id           BIGINT       NOT NULL PRIMARY KEY,
    loaded_at    BIGINT       NOT NULL,
    people       INTEGER      NOT NULL,
    aliases      INTEGER      NOT NULL,
    credentials  INTEGER      NOT NULL,
    workflows    INTEGER      NOT NULL
);

CREATE TABLE person (
    email          VARCHAR(320) NOT NULL PRIMARY KEY,
    name           VARCHAR(500),
    manager        VARCHAR(320),
    active         BOOLEAN      NOT NULL,
    first_seen     BIGINT       NOT NULL,
    inactive_since BIGINT,
    removed_at     BIGINT
);

CREATE TABLE alias (
    email      VARCHAR(320) NOT NULL PRIMARY KEY,
    name       VARCHAR(500),
    first_seen BIGINT       NOT NULL,
    removed_at BIGINT
);

CREATE TABLE alias_member (
    alias    VARCHAR(320) NOT NULL,
    position INTEGER      NOT NULL,
    member   VARCHAR(320) NOT NULL,
    PRIMARY KEY (alias, position)
);

CREATE TABLE credential (
    id         VARCHAR(200) NOT NULL PRIMARY KEY,
    kind       VARCHAR(40)  NOT NULL,
    system     VARCHAR(500),
    owner      VARCHAR(320) NOT NULL,
    expires    VARCHAR(10),
    first_seen BIGINT       NOT NULL,
    removed_at BIGINT
);

CREATE TABLE workflow (
    id            VARCHAR(200)  NOT NULL PRIMARY KEY,
    name          VARCHAR(500),
    owner         VARCHAR(320)  NOT NULL,
    schedule_kind VARCHAR(10)   NOT NULL,
    schedule      VARCHAR(200)  NOT NULL,
    timezone      VARCHAR(100)  NOT NULL,
    grace_seconds BIGINT        NOT NULL,
    ping          VARCHAR(36),
    source_kind   VARCHAR(40),
    source_server VARCHAR(200),
    source_ref    VARCHAR(500),
    paused        BOOLEAN       NOT NULL,
    first_seen    BIGINT        NOT NULL,
    removed_at    BIGINT
);

CREATE TABLE workflow_credential (
    workflow   VARCHAR(200) NOT NULL,
    position   INTEGER      NOT NULL,
    credential VARCHAR(200) NOT NULL,
    PRIMARY KEY (workflow, position)
);

CREATE TABLE workflow_route (
    workflow VARCHAR(200) NOT NULL,
    position INTEGER      NOT NULL,
    target   VARCHAR(400) NOT NULL,
    PRIMARY KEY (workflow, position)
);

CREATE INDEX workflow_credential_by_credential ON workflow_credential (credential);
CREATE INDEX credential_by_owner ON credential (owner);
