-- Claim pending dispatch entries older than ARGV[1] ms for re-publishing. KEYS: pending, u. ARGV: ageMs, limit.
-- Claiming moves the entry's timestamp to now, so another gate replica will not re-publish it too;
-- a crashed replica's entries are claimed by whoever ticks next.
-- Reply fields (ClaimPendingScript.swift): claimed = {user1, score1, releasedAtMs1, user2, ...}.
local now = now_ms()
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]), 'LIMIT', 0, tonumber(ARGV[2]))
local claimed = {}
for _, user in ipairs(stale) do
    local record = redis.call('HGET', KEYS[2], user)
    if record and string.sub(record, 1, 2) == 'R|' then
        redis.call('ZADD', KEYS[1], 'XX', now, user)
        local score, releasedAt = string.match(record, '^R|([^|]+)|([^|]+)$')
        claimed[#claimed + 1] = user
        claimed[#claimed + 1] = score
        claimed[#claimed + 1] = releasedAt
    else
        -- Already final (result arrived) or unknown: nothing left to dispatch.
        redis.call('ZREM', KEYS[1], user)
    end
end
return {'claimed', claimed}
