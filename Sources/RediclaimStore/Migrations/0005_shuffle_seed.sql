-- The pre-queue shuffle's seed: 32 random bytes in hex, drawn once per event and never changed, so the
-- commitment SHA-256(seed) published before the window always matches the seed revealed after the open
-- (a Redis rebuild copies it from here). Existing events get one now; new ones get one at insert.
ALTER TABLE coupon_event
    ADD COLUMN shuffle_seed CHAR(64) NULL;
UPDATE coupon_event SET shuffle_seed = LOWER(HEX(RANDOM_BYTES(32))) WHERE shuffle_seed IS NULL;
