-- Bumped by the ping writer whenever it makes a workflow due out of turn (a completion closing a
-- start). The evaluator writes its result only if the count is what it read before looking at the
-- runs, so a completion that lands mid-evaluation is never overwritten by a stale state.
ALTER TABLE workflow_state ADD COLUMN touched BIGINT DEFAULT 0 NOT NULL;
