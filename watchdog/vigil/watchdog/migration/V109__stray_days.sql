-- Stray pings are counted per target and day instead of kept one row each: 43,000 pings for random
-- ids once grew the database by 440 MB. The ping writer also caps the number of targets kept.
-- utc_day: days since 1970-01-01 UTC (DAY is a keyword in H2).
CREATE TABLE stray_day (
    target      VARCHAR(200) NOT NULL,
    utc_day     BIGINT       NOT NULL,
    pings       BIGINT       NOT NULL,
    last_seen   BIGINT       NOT NULL,
    remote_addr VARCHAR(64),
    user_agent  VARCHAR(200),
    PRIMARY KEY (target, utc_day)
);

INSERT INTO stray_day (target, utc_day, pings, last_seen)
SELECT target, received / 86400000, COUNT(*), MAX(received) FROM stray_ping GROUP BY target, received / 86400000;

DROP TABLE stray_ping;
