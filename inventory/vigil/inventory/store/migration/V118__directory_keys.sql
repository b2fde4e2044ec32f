-- Numbered in the one sequence shared with the daemon's migrations.
-- What the directory overlay needs from the inventory (docs/directory.md), kept so that a daemon
-- running on the last stored inventory overlays the directory as the files said: an alias's
-- directory group by name, and which of a person's keys the files wrote (those win over the
-- directory's values) — 'name,manager,active' or a part of it; NULL for rows stored before.
ALTER TABLE alias ADD COLUMN dir_group VARCHAR(500);
ALTER TABLE person ADD COLUMN written VARCHAR(100);
