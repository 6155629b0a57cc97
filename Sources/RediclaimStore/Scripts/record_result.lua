-- Apply one issuance result to a user's status, idempotently. KEYS: u, ctr, pending, q.
-- ARGV: userId, status (ISSUED|SOLD_OUT), couponCode, expiresAt.
-- Final states never change; a replayed result is a no-op. A user with a final status is never in the
-- queue too (they may have queued again after a Redis data loss): they would be released twice.
-- Reply fields (RecordResultScript.swift): changed (1 if the status changed, else 0).
local user, status = ARGV[1], ARGV[2]
local record = redis.call('HGET', KEYS[1], user)
redis.call('ZREM', KEYS[3], user)
redis.call('ZREM', KEYS[4], user)
local score = '0'
if record then
    local kind = string.sub(record, 1, 2)
    if kind == 'I|' or kind == 'S|' then return {'changed', 0} end
    score = string.match(record, '^R|([^|]+)|') or '0'
end
if status == 'ISSUED' then
    redis.call('HSET', KEYS[1], user, 'I|' .. score .. '|' .. ARGV[3] .. '|' .. ARGV[4])
    redis.call('HINCRBY', KEYS[2], 'issued', 1)
else
    redis.call('HSET', KEYS[1], user, 'S|' .. score)
    redis.call('HINCRBY', KEYS[2], 'soldOut', 1)
end
return {'changed', 1}
