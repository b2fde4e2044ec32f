-- A daemon leases a delivery before handing it to a notifier, so two daemons on one database never
-- send the same message at once. A lease left by a crash expires (or, on H2, whose file belongs to
-- one process, is released at start), and the delivery is tried again: at least once, not twice.
ALTER TABLE alert_delivery ADD COLUMN leased_until BIGINT;
