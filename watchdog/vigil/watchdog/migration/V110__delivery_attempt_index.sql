-- The audit asks when each still-pending delivery first failed: look up attempts by delivery.
CREATE INDEX delivery_attempt_delivery ON delivery_attempt (delivery);
