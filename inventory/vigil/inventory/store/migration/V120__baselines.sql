-- Numbered in the one sequence shared with the daemon's migrations.
-- A workflow's 'normal:' and 'budget:' (docs/baselines.md), so that a daemon running on the last
-- stored inventory judges runs as the files said. Each is its figures in a fixed text form
-- ('runs=mon:24,…;duration=240000;count=850;cost=12.5;factor=3', 'daily=100;alert_at=0.5,0.8,1.0'),
-- NULL when not written.
ALTER TABLE workflow ADD COLUMN normal VARCHAR(400);
ALTER TABLE workflow ADD COLUMN budget VARCHAR(200);
