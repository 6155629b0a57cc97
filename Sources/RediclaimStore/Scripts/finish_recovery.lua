-- Ends a rebuild: the released counter set to what the budget really used, the counters adopted into
-- this server's lifetime, releases resumed, the heal lock dropped. KEYS: def, ctr, heal.
-- ARGV: token, released, epochNo.
-- Reply fields (RecoveryScripts.swift): finished (0 if the lock is someone else's).
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return {'finished', 0} end
local def = read_def(KEYS[1])
local released = tonumber(ARGV[2])
local now = now_ms()
redis.call('HSET', KEYS[2], 'released', released, 'tokens', 0, 'tokensAt', now, 'epoch', run_id(), 'epochNo', ARGV[3])
redis.call('HDEL', KEYS[2], 'recovering')
if def and def.stock - released <= 0 then
    redis.call('HSET', KEYS[2], 'soldOutAt', now, 'finalSeq', tonumber(redis.call('HGET', KEYS[2], 'seq') or '0'))
end
redis.call('DEL', KEYS[3])
return {'finished', 1}
