-- What a Redis that lost data is rebuilt from, and what orders event changes.

-- Final answers that are not a coupon row: requests the issuer answered SOLD_OUT, and requests that went
-- to the DLQ (they used a place of the release budget). One per user and event.
CREATE TABLE IF NOT EXISTS issue_outcome (
    event_id    BIGINT      NOT NULL,
    user_id     VARCHAR(64) NOT NULL,
    outcome     VARCHAR(16) NOT NULL,
    decided_at  DATETIME(3) NOT NULL,
    PRIMARY KEY (event_id, user_id),
    CONSTRAINT chk_issue_outcome CHECK (outcome IN ('SOLD_OUT', 'DEAD_LETTERED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Every change of an event's definition or controls, with the version it made. The Redis copy takes a
-- publish only if its version is not older, so no late publish reverts a newer change; verify judges
-- the release rate against the rate in force at each moment.
CREATE TABLE IF NOT EXISTS event_change_log (
    event_id      BIGINT      NOT NULL,
    version       BIGINT      NOT NULL,
    changed_at    DATETIME(3) NOT NULL,
    release_rate  INT         NOT NULL,
    paused        TINYINT(1)  NOT NULL,
    closed        TINYINT(1)  NOT NULL,
    stock         INT         NOT NULL,
    source        VARCHAR(32) NOT NULL,
    PRIMARY KEY (event_id, version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- version: bumped by every change (the log's latest row). runtime_epoch: bumped each time the Redis copy is
-- rebuilt after a loss, so audits can tell releases of one Redis lifetime from the next. defined_rate: the
-- rate the event file (or create) gave, kept apart from release_rate (the rate in force, which the controls
-- change), so re-applying an unchanged file never reverts a rate set with `set-rate` or the admin API.
ALTER TABLE coupon_event
    ADD COLUMN version BIGINT NOT NULL DEFAULT 1,
    ADD COLUMN runtime_epoch INT NOT NULL DEFAULT 0,
    ADD COLUMN defined_rate INT NULL;
