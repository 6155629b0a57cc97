-- What `rediclaimctl dlq` did with dead letters. Kafka keeps the DLQ topic itself, and Tansu 0.6 cannot
-- delete records (DeleteRecords is not implemented), so a purge is a per-partition watermark here
-- that `dlq list` and `dlq replay` honour.

-- One row per dead letter published again to the request topic (`dlq replay`, `reconcile --repair`).
CREATE TABLE IF NOT EXISTS dlq_replay (
    dlq_topic      VARCHAR(249) NOT NULL,
    dlq_partition  INT          NOT NULL,
    dlq_offset     BIGINT       NOT NULL,
    request_key    VARCHAR(255) NULL,
    replayed_to    VARCHAR(249) NOT NULL,
    replay_count   INT          NOT NULL DEFAULT 1,
    replayed_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Dead letters below `purged_before` (an offset) of a partition are purged: hidden from list and replay.
CREATE TABLE IF NOT EXISTS dlq_purge (
    dlq_topic      VARCHAR(249) NOT NULL,
    dlq_partition  INT          NOT NULL,
    purged_before  BIGINT       NOT NULL,
    purged_at      DATETIME(3)  NOT NULL,
    PRIMARY KEY (dlq_topic, dlq_partition)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
