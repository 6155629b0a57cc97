-- One release tick for one event, atomically. KEYS: def, ctr, q, u, pending, rlog.
-- ARGV: tickMs (bucket capacity = rate x one tick), maxBatch.
-- A token bucket kept in Redis (ctr.tokens, ctr.tokensAt, Redis server time) so that any number of gate
-- replicas together release at most rate x elapsed + one tick. Fractions carry over between ticks.
-- Reply fields (ReleaseScript.swift): kind NOT_FOUND | TICK (state, at, users = {user1, score1, ...}).
local def = read_def(KEYS[1])
if not def then return {'kind', 'NOT_FOUND'} end
local now = now_ms()
local ctr = redis.call('HMGET', KEYS[2], 'released', 'tokens', 'tokensAt')
local released = tonumber(ctr[1] or '0')

local state = event_state(def, released, now)
if state ~= 'OPEN' then
    -- No tokens accumulate while nobody may be released.
    redis.call('HSET', KEYS[2], 'tokens', 0, 'tokensAt', now)
    return {'kind', 'TICK', 'state', state, 'at', now, 'users', {}}
end

local capacity = math.max(1, def.rate * tonumber(ARGV[1]) / 1000)
local tokens = tonumber(ctr[2] or '0')
local tokensAt = tonumber(ctr[3] or now)
if tokensAt > now then tokensAt = now end
tokens = math.min(capacity, tokens + def.rate * (now - tokensAt) / 1000)

local n = math.floor(tokens)
n = math.min(n, def.stock - released, tonumber(ARGV[2]))
local users = {}
if n > 0 then
    local popped = redis.call('ZPOPMIN', KEYS[3], n)
    n = #popped / 2
    local rlog = {}
    for i = 1, #popped, 2 do
        local user, score = popped[i], popped[i + 1]
        redis.call('HSET', KEYS[4], user, 'R|' .. score .. '|' .. now)
        redis.call('ZADD', KEYS[5], now, user)
        rlog[#rlog + 1] = score .. '|' .. user .. '|' .. now
        users[#users + 1] = user
        users[#users + 1] = score
    end
    if n > 0 then redis.call('RPUSH', KEYS[6], unpack(rlog)) end
    released = released + n
    tokens = tokens - n
end
-- An empty queue does not bank tokens beyond one tick (the bucket's capacity already caps it).
redis.call('HSET', KEYS[2], 'released', released, 'tokens', tostring(tokens), 'tokensAt', now)
if def.stock - released <= 0 then
    redis.call('HSET', KEYS[2], 'soldOutAt', now)
    -- Everyone still waiting is now SOLD_OUT; free the queue without blocking Redis.
    redis.call('UNLINK', KEYS[3])
    state = 'SOLD_OUT'
end
return {'kind', 'TICK', 'state', state, 'at', now, 'users', users}
