-- Writes an event's runtime copy, unless Redis already holds a newer version of it. KEYS: def, ctr (the caller lists the event
-- in the events set: that key has no hash tag, so in Redis Cluster it lives in another slot).
-- ARGV: version, issuedFloor, fresh, eventId, then the definition's field/value pairs.
-- The released counter is raised to at least MySQL's issued count. A brand-new event (fresh = 1: nothing
-- can have been released yet) starts its Redis lifetime here; any other event whose lifetime is not this
-- server's is rebuilt by the gate's runtime keeper, never by a publish, so a publish cannot hide a loss.
-- Reply fields (PublishScript.swift): applied (1 if the definition was written), version (now in Redis).
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
local version = tonumber(ARGV[1])
local applied = 0
if version >= current then
    local fields = {}
    for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
    redis.call('HSET', KEYS[1], 'version', ARGV[1], unpack(fields))
    applied = 1
end
if released_count(KEYS[2]) < tonumber(ARGV[2]) then redis.call('HSET', KEYS[2], 'released', ARGV[2]) end
if ARGV[3] == '1' and not redis.call('HGET', KEYS[2], 'epoch') then
    redis.call('HSET', KEYS[2], 'epoch', run_id(), 'epochNo', 0)
end
return {'applied', applied, 'version', math.max(version, current)}
