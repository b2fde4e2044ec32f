-- run_by_workflow_status served only the ping writer's first look at a workflow (its open starts,
-- its last completion) and cost every stored ping one more index insert. An open start is the
-- only run without a finished time, so the writer finds open starts through
-- run_by_workflow_finished (finished IS NULL); the last completion was a scan of the workflow's
-- runs with either index.
DROP INDEX run_by_workflow_status;
