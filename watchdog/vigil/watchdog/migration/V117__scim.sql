-- SCIM 2.0 resources as Okta or Entra ID pushed them (docs/directory-scim.md), written in the same
-- transaction as the directory rows they feed (dir_person, dir_group with source 'scim'). 'name'
-- is userName for a User, displayName for a Group, lower-cased: SCIM compares both case-insensitively
-- and both are unique per type. 'body' is the resource as stored (no password, no meta).
CREATE TABLE scim_resource (
    id          VARCHAR(36)      NOT NULL PRIMARY KEY,
    type        VARCHAR(10)      NOT NULL,
    name        VARCHAR(500)     NOT NULL,
    external_id VARCHAR(500),
    manager_id  VARCHAR(500),
    body        VARCHAR(1000000) NOT NULL,
    created     BIGINT           NOT NULL,
    modified    BIGINT           NOT NULL,
    version     BIGINT           NOT NULL
);
CREATE UNIQUE INDEX scim_resource_name ON scim_resource (type, name);
CREATE INDEX scim_resource_external ON scim_resource (type, external_id);
CREATE INDEX scim_resource_manager ON scim_resource (manager_id);

-- Which resources a Group lists as members, so that a User's new address reaches its groups.
CREATE TABLE scim_member (
    group_id  VARCHAR(36) NOT NULL,
    member_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX scim_member_by_member ON scim_member (member_id);
