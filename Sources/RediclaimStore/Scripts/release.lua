-- One release tick for one event, atomically. KEYS: def, ctr, q, u, pending, rlog, pq.
-- ARGV: tickMs (bucket capacity = rate x one tick), maxBatch.
-- A token bucket kept in Redis (ctr.tokens, ctr.tokensAt, Redis server time) so that any number of gate
-- replicas together release at most rate x elapsed + one tick. Fractions carry over between ticks.
-- Nobody is released twice: a popped user who already has a final status is skipped, and so is a user
-- frozen by a sell-out or close. Nothing is released while the counters belong to another Redis lifetime
-- (a restart, a rollback, a failover: `epoch` is not this server's run id) or a rebuild is under way: the
-- gate's runtime keeper first restores what MySQL and Kafka know.
-- When the event is closed or sold out, the waiting users are ended as SOLD_OUT, maxBatch per tick.
-- An event with a pre-queue releases nobody from its open until its cohort is placed at the head of the
-- queue (SHUFFLE: the gate that sees it places the cohort, begin_shuffle.lua, under the shuffle lock).
-- Reply fields (ReleaseScript.swift): kind NOT_FOUND | RECOVER | SHUFFLE | TICK (state, at, epoch, users = {user1, score1, ...}).
local def = read_def(KEYS[1])
if not def then return {'kind', 'NOT_FOUND'} end
local ctr = redis.call('HMGET', KEYS[2], 'released', 'tokens', 'tokensAt', 'epoch', 'recovering', 'finalSeq', 'epochNo', 'seq', 'shuffled')
if ctr[5] or ctr[4] ~= run_id() then return {'kind', 'RECOVER'} end
local now = now_ms()
local released = tonumber(ctr[1] or '0')
local finalSeq = tonumber(ctr[6])
local epochNo = tonumber(ctr[7] or '0')
local batch = tonumber(ARGV[2])

local state = event_state(def, released, now)
if (state == 'OPEN' or state == 'PAUSED') and ctr[9] ~= '1' and (def.preQueue > 0 or pre_queued(KEYS[7]) > 0) then
    redis.call('HSET', KEYS[2], 'tokens', 0, 'tokensAt', now)
    return {'kind', 'SHUFFLE'}
end
if state ~= 'OPEN' then
    -- No tokens accumulate while nobody may be released.
    redis.call('HSET', KEYS[2], 'tokens', 0, 'tokensAt', now)
    if state == 'CLOSED' or state == 'SOLD_OUT' then
        -- Freeze the queue: everyone waiting now ends SOLD_OUT, even should the event reopen later.
        if not finalSeq then
            finalSeq = tonumber(ctr[8] or '0')
            redis.call('HSET', KEYS[2], 'finalSeq', finalSeq)
        end
        local popped = redis.call('ZPOPMIN', KEYS[3], batch)
        for i = 1, #popped, 2 do freeze_user(KEYS[3], KEYS[4], popped[i], popped[i + 1]) end
        -- A pre-queue the event closed before placing ends the same way.
        local early = redis.call('ZPOPMIN', KEYS[7], batch)
        for i = 1, #early, 2 do
            if not redis.call('HGET', KEYS[4], early[i]) then redis.call('HSET', KEYS[4], early[i], 'S|0') end
        end
    end
    return {'kind', 'TICK', 'state', state, 'at', now, 'epoch', epochNo, 'users', {}}
end

local capacity = math.max(1, def.rate * tonumber(ARGV[1]) / 1000)
local tokens = tonumber(ctr[2] or '0')
local tokensAt = tonumber(ctr[3] or now)
if tokensAt > now then tokensAt = now end
tokens = math.min(capacity, tokens + def.rate * (now - tokensAt) / 1000)

local n = math.min(math.floor(tokens), def.stock - released, batch)
local users = {}
if n > 0 then
    local popped = redis.call('ZPOPMIN', KEYS[3], n)
    local rlog = {}
    for i = 1, #popped, 2 do
        local user, score = popped[i], popped[i + 1]
        local record = redis.call('HGET', KEYS[4], user)
        if record and string.sub(record, 1, 2) ~= 'R|' then
            -- Already final (a result arrived while they waited again): never spend the budget twice.
        elseif record then
            -- Already released in this lifetime: not again.
        elseif finalSeq and seq_of(score) <= finalSeq then
            freeze_user(KEYS[3], KEYS[4], user, score)
        else
            redis.call('HSET', KEYS[4], user, 'R|' .. score .. '|' .. now)
            redis.call('ZADD', KEYS[5], now, user)
            rlog[#rlog + 1] = score .. '|' .. user .. '|' .. now .. '|' .. epochNo
            users[#users + 1] = user
            users[#users + 1] = score
        end
    end
    local count = #users / 2
    if count > 0 then redis.call('RPUSH', KEYS[6], unpack(rlog)) end
    released = released + count
    tokens = tokens - count
end
-- An empty queue does not bank tokens beyond one tick (the bucket's capacity already caps it).
redis.call('HSET', KEYS[2], 'released', released, 'tokens', tostring(tokens), 'tokensAt', now)
if def.stock - released <= 0 then
    redis.call('HSET', KEYS[2], 'soldOutAt', now, 'finalSeq', tonumber(ctr[8] or '0'))
    state = 'SOLD_OUT'
end
return {'kind', 'TICK', 'state', state, 'at', now, 'epoch', epochNo, 'users', users}
