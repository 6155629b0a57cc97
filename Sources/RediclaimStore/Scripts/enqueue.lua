-- Enqueue a user, atomically. KEYS: def, ctr, q, u. ARGV: userId.
-- The queue score packs the per-event sequence number (FIFO, even within one millisecond) and the
-- enqueue time in seconds since openAt: score = seq * 2^25 + t (t up to about 388 days). No per-user hash while waiting, so a
-- waiting user costs only one sorted-set entry.
-- Returns {"NOT_FOUND"} | {"REFUSED", state} | {"WAITING", score, rank, waiting, isNew} | {"LEFT", record, waiting}
local def = redis.call('HMGET', KEYS[1], 'stock', 'openAt', 'closeAt', 'closed')
if not def[1] then return {'NOT_FOUND'} end
local user = ARGV[1]

local score = redis.call('ZSCORE', KEYS[3], user)
if score then
    local rank = redis.call('ZRANK', KEYS[3], user)
    return {'WAITING', score, rank + 1, redis.call('ZCARD', KEYS[3]), 0}
end
local record = redis.call('HGET', KEYS[4], user)
if record then return {'LEFT', record, redis.call('ZCARD', KEYS[3])} end

local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local stock, openAt, closeAt = tonumber(def[1]), tonumber(def[2]), tonumber(def[3])
local released = tonumber(redis.call('HGET', KEYS[2], 'released') or '0')
-- Same precedence as EventState in RediclaimCore (closed, scheduled, sold out); PAUSED still enqueues.
if def[4] == '1' or nowMs >= closeAt then return {'REFUSED', 'CLOSED'} end
if nowMs < openAt then return {'REFUSED', 'SCHEDULED'} end
if stock - released <= 0 then return {'REFUSED', 'SOLD_OUT'} end

local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
local since = math.floor((nowMs - openAt) / 1000)
if since > 33554431 then since = 33554431 end
-- %.0f keeps all 53 bits; Lua's default number format would round to 14 digits.
local newScore = string.format('%.0f', seq * 33554432 + since)
redis.call('ZADD', KEYS[3], newScore, user)
local waiting = redis.call('ZCARD', KEYS[3])
return {'WAITING', newScore, waiting, waiting, 1}
