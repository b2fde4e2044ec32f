-- Numbered in the one sequence shared with the daemon's migrations (V100 on), so that a database
-- already at V113 applies it in order.
-- A credential's handles on the platforms (SERVER:HANDLE), in the order the inventory writes them:
-- how a platform's reference to a credential is mapped to the inventory's.
CREATE TABLE credential_ref (
    credential VARCHAR(200) NOT NULL,
    position   INTEGER      NOT NULL,
    ref        VARCHAR(500) NOT NULL,
    PRIMARY KEY (credential, position)
);
