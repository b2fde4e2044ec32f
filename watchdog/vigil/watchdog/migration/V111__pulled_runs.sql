-- Runs pulled from platforms (sources): stored once per source and platform id however often
-- they are polled (pulled_run, kept apart from run so that pings pay for no extra index), each
-- source's place in each workflow's history, and each source's health.
ALTER TABLE run ALTER COLUMN source SET DATA TYPE VARCHAR(100);

CREATE TABLE pulled_run (
    source      VARCHAR(100) NOT NULL,
    external_id VARCHAR(200) NOT NULL,
    run         BIGINT       NOT NULL,
    PRIMARY KEY (source, external_id)
);

CREATE TABLE source_watermark (
    source    VARCHAR(100) NOT NULL,
    ref       VARCHAR(400) NOT NULL,
    watermark VARCHAR(200) NOT NULL,
    PRIMARY KEY (source, ref)
);

CREATE TABLE source_poll (
    source       VARCHAR(100) NOT NULL PRIMARY KEY,
    last_success BIGINT,
    last_failure BIGINT,
    last_error   VARCHAR(1000),
    failures     INTEGER      NOT NULL,
    runs_pulled  BIGINT       NOT NULL
);
