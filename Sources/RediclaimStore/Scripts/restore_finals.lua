-- Writes final statuses known to MySQL back into Redis. KEYS: u, q, pending, heal, ctr. ARGV: token, lockMs,
-- then user/record pairs (`I|0|code|expiresAt` or `S|0`).
-- A final status already in Redis is never changed; a user who has one leaves the queue (they may have
-- queued again after the loss) and needs no dispatch. The issued and soldOut counters count what is
-- written, as record_result.lua would have. Refreshes the heal lock.
-- Reply fields (RecoveryScripts.swift): restored (statuses written), held (0 if the lock is someone else's).
if redis.call('GET', KEYS[4]) ~= ARGV[1] then return {'restored', 0, 'held', 0} end
redis.call('PEXPIRE', KEYS[4], tonumber(ARGV[2]))
local restored = 0
for i = 3, #ARGV, 2 do
    local user, record = ARGV[i], ARGV[i + 1]
    local existing = redis.call('HGET', KEYS[1], user)
    if not existing or string.sub(existing, 1, 2) == 'R|' then
        redis.call('HSET', KEYS[1], user, record)
        redis.call('HINCRBY', KEYS[5], string.sub(record, 1, 2) == 'I|' and 'issued' or 'soldOut', 1)
        restored = restored + 1
    end
    redis.call('ZREM', KEYS[2], user)
    redis.call('ZREM', KEYS[3], user)
end
return {'restored', restored, 'held', 1}
