-- Per-event queue settings: a cap on waiting users (NULL: none) and a pre-queue window before openAt
-- (seconds; 0: none). Plain ADD COLUMN: MySQL 8.0 has no IF NOT EXISTS here, and a migration runs once.
ALTER TABLE coupon_event
    ADD COLUMN max_waiting BIGINT NULL,
    ADD COLUMN pre_queue_seconds INT NOT NULL DEFAULT 0;
