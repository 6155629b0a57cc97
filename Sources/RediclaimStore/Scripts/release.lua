-- One release tick for one event, atomically. KEYS: def, ctr, q, u, pending, rlog.
-- ARGV: tickMs (bucket capacity = rate x one tick), maxBatch.
-- A token bucket kept in Redis (ctr.tokens, ctr.tokensAt, Redis server time) so that any number of gate
-- replicas together release at most rate x elapsed + one tick. Fractions carry over between ticks.
-- Returns {state, n, releasedAtMs, user1, score1, user2, score2, ...}; state is OPEN|PAUSED|SCHEDULED|CLOSED|SOLD_OUT|NOT_FOUND.
local def = redis.call('HMGET', KEYS[1], 'stock', 'openAt', 'closeAt', 'closed', 'paused', 'rate')
if not def[1] then return {'NOT_FOUND', 0} end
local stock, openAt, closeAt = tonumber(def[1]), tonumber(def[2]), tonumber(def[3])
local rate = tonumber(def[6])
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ctr = redis.call('HMGET', KEYS[2], 'released', 'tokens', 'tokensAt')
local released = tonumber(ctr[1] or '0')

local state = 'OPEN'
if def[4] == '1' or nowMs >= closeAt then state = 'CLOSED'
elseif nowMs < openAt then state = 'SCHEDULED'
elseif stock - released <= 0 then state = 'SOLD_OUT'
elseif def[5] == '1' then state = 'PAUSED' end
if state ~= 'OPEN' then
    -- No tokens accumulate while nobody may be released.
    redis.call('HSET', KEYS[2], 'tokens', 0, 'tokensAt', nowMs)
    return {state, 0, nowMs}
end

local capacity = math.max(1, rate * tonumber(ARGV[1]) / 1000)
local tokens = tonumber(ctr[2] or '0')
local tokensAt = tonumber(ctr[3] or nowMs)
if tokensAt > nowMs then tokensAt = nowMs end
tokens = math.min(capacity, tokens + rate * (nowMs - tokensAt) / 1000)

local n = math.floor(tokens)
n = math.min(n, stock - released, tonumber(ARGV[2]))
local out = {'OPEN', 0, nowMs}
if n > 0 then
    local popped = redis.call('ZPOPMIN', KEYS[3], n)
    n = #popped / 2
    local rlog = {}
    for i = 1, #popped, 2 do
        local user, score = popped[i], popped[i + 1]
        redis.call('HSET', KEYS[4], user, 'R|' .. score .. '|' .. nowMs)
        redis.call('ZADD', KEYS[5], nowMs, user)
        rlog[#rlog + 1] = score .. '|' .. user .. '|' .. nowMs
        out[#out + 1] = user
        out[#out + 1] = score
    end
    if n > 0 then redis.call('RPUSH', KEYS[6], unpack(rlog)) end
    released = released + n
    tokens = tokens - n
    out[2] = n
end
-- An empty queue does not bank tokens beyond one tick (the bucket's capacity already caps it).
redis.call('HSET', KEYS[2], 'released', released, 'tokens', tostring(tokens), 'tokensAt', nowMs)
if stock - released <= 0 then
    redis.call('HSET', KEYS[2], 'soldOutAt', nowMs)
    -- Everyone still waiting is now SOLD_OUT; free the queue without blocking Redis.
    redis.call('UNLINK', KEYS[3])
    out[1] = 'SOLD_OUT'
end
return out
