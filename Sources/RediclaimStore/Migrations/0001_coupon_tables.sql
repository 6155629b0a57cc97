-- Events (the source of truth for their definitions) and issued coupons.
-- Portable to MySQL 8.0 and MariaDB 10.11. utf8mb4_bin: user ids are case-sensitive, so 'U1' and 'u1'
-- are two users and UNIQUE(event_id, user_id) must compare bytes, not a case-folding collation.

CREATE TABLE IF NOT EXISTS coupon_event (
    id                BIGINT       NOT NULL,
    name              VARCHAR(200) NOT NULL,
    stock             INT          NOT NULL,
    open_at           DATETIME(3)  NOT NULL,
    close_at          DATETIME(3)  NOT NULL,
    release_rate      INT          NOT NULL,
    discount_type     VARCHAR(16)  NOT NULL,
    discount_amount   BIGINT       NULL,
    discount_percent  INT          NULL,
    max_discount      BIGINT       NULL,
    min_order_amount  BIGINT       NOT NULL DEFAULT 0,
    valid_days        INT          NOT NULL,
    paused            TINYINT(1)   NOT NULL DEFAULT 0,
    closed            TINYINT(1)   NOT NULL DEFAULT 0,
    issued_count      INT          NOT NULL DEFAULT 0,
    created_at        DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at        DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    -- The last line of defence for I1: the database itself refuses to count past stock.
    CONSTRAINT chk_coupon_event_issued CHECK (issued_count >= 0 AND issued_count <= stock),
    CONSTRAINT chk_coupon_event_stock CHECK (stock >= 1),
    CONSTRAINT chk_coupon_event_window CHECK (close_at > open_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS coupon_issue (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    event_id     BIGINT       NOT NULL,
    user_id      VARCHAR(64)  NOT NULL,
    coupon_code  VARCHAR(32)  NOT NULL,
    status       VARCHAR(16)  NOT NULL DEFAULT 'ISSUED',
    request_id   VARCHAR(128) NOT NULL,
    issued_at    DATETIME(3)  NOT NULL,
    expires_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    -- I2: one coupon per (event, user), enforced by the database.
    UNIQUE KEY uq_coupon_issue_event_user (event_id, user_id),
    UNIQUE KEY uq_coupon_issue_code (coupon_code),
    CONSTRAINT chk_coupon_issue_status CHECK (status IN ('ISSUED', 'USED', 'CANCELED')),
    CONSTRAINT fk_coupon_issue_event FOREIGN KEY (event_id) REFERENCES coupon_event (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
