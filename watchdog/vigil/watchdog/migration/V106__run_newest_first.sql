-- What is read of a workflow's runs is the newest end: its latest completion and latest success
-- (each evaluation), its open starts, its newest runs (the runs API). H2 walks an index only in the
-- index's own order, so both indexes run newest first and the queries ask for that order: reading a
-- workflow no longer takes longer as its history grows (before, every evaluation of a workflow read
-- all of its runs, three times).
DROP INDEX run_by_workflow;
CREATE INDEX run_by_workflow ON run (workflow, id DESC);
DROP INDEX run_by_workflow_finished;
CREATE INDEX run_by_workflow_finished ON run (workflow, finished DESC, id DESC);
