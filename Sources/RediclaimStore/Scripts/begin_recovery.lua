-- Starts rebuilding an event's runtime copy after a loss, if nobody else is. KEYS: def, ctr, heal
-- (the caller lists the event in the events set, which lives in another cluster slot).
-- ARGV: token, lockMs, version, issuedFloor, eventId, then the definition's field/value pairs.
-- Takes the heal lock (or refreshes it, for the same token), writes the definition (version-guarded as
-- in publish.lua), raises the released counter to MySQL's floor and stops releases until the rebuild
-- finishes (`recovering`). Enqueues and rank polls go on meanwhile.
-- Reply fields (RecoveryScripts.swift): started (1 if this caller holds the lock).
local holder = redis.call('GET', KEYS[3])
if holder and holder ~= ARGV[1] then return {'started', 0} end
redis.call('SET', KEYS[3], ARGV[1], 'PX', tonumber(ARGV[2]))
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if tonumber(ARGV[3]) >= current then
    local fields = {}
    for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
    redis.call('HSET', KEYS[1], 'version', ARGV[3], unpack(fields))
end
if released_count(KEYS[2]) < tonumber(ARGV[4]) then redis.call('HSET', KEYS[2], 'released', ARGV[4]) end
redis.call('HSET', KEYS[2], 'recovering', ARGV[1], 'tokens', 0, 'tokensAt', now_ms())
return {'started', 1}
