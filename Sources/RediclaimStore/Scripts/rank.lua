-- A user's place, read atomically. KEYS: def, ctr, q, u. ARGV: userId.
-- Returns {"NOT_FOUND"} | {"WAITING", score, rank, waiting, state} | {"LEFT", record, state} | {"ABSENT", state}
-- where state is the event's: OPEN|PAUSED|SCHEDULED|CLOSED|SOLD_OUT.
local def = redis.call('HMGET', KEYS[1], 'stock', 'openAt', 'closeAt', 'closed', 'paused')
if not def[1] then return {'NOT_FOUND'} end
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local released = tonumber(redis.call('HGET', KEYS[2], 'released') or '0')
local state = 'OPEN'
if def[4] == '1' or nowMs >= tonumber(def[3]) then state = 'CLOSED'
elseif nowMs < tonumber(def[2]) then state = 'SCHEDULED'
elseif tonumber(def[1]) - released <= 0 then state = 'SOLD_OUT'
elseif def[5] == '1' then state = 'PAUSED' end

local user = ARGV[1]
local record = redis.call('HGET', KEYS[4], user)
if record then return {'LEFT', record, state} end
local rank = redis.call('ZRANK', KEYS[3], user)
if rank then
    return {'WAITING', redis.call('ZSCORE', KEYS[3], user), rank + 1, redis.call('ZCARD', KEYS[3]), state}
end
return {'ABSENT', state}
