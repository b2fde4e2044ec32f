-- The values a run reports (docs/baselines.md): a ping's ?count= (items handled: records sent,
-- rows loaded, tool calls) and ?cost= (in whatever unit the team uses); NULL when not reported.
ALTER TABLE run ADD COLUMN item_count DOUBLE PRECISION;
ALTER TABLE run ADD COLUMN cost DOUBLE PRECISION;
