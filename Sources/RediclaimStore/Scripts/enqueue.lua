-- Enqueue a user, atomically. KEYS: def, ctr, q, u, pq. ARGV: userId.
-- The queue score packs the per-event sequence number (FIFO, even within one millisecond) and the
-- enqueue time in seconds since openAt: score = seq * 2^25 + t (t up to about 388 days). No per-user
-- hash while waiting, so a waiting user costs only one sorted-set entry.
-- In the pre-queue window (before openAt) a new user joins the pre-queue `pq` instead (score = seq, their
-- arrival number); at the open the cohort is placed at the head of the queue, positions 1..cohort, in the
-- seeded order (place_cohort.lua), and later arrivals take sequence numbers above it.
-- Reply fields (EnqueueScript.swift): kind NOT_FOUND | REFUSED (state) | FULL (waiting) | WAITING (score, rank,
-- waiting, new, cohort) | LEFT (record, waiting) | PRE_QUEUE (opensInMs, waiting, new).
local def = read_def(KEYS[1])
if not def then return {'kind', 'NOT_FOUND'} end
local user = ARGV[1]
local ctr = redis.call('HMGET', KEYS[2], 'released', 'finalSeq', 'cohort')
local now = now_ms()
local state = event_state(def, tonumber(ctr[1] or '0'), now)
local cohort = tonumber(ctr[3] or '0')

local score = redis.call('ZSCORE', KEYS[3], user)
if score then
    -- One answer everywhere: a waiting user of a closed or sold-out event is SOLD_OUT here as in /rank.
    if frozen(state, tonumber(ctr[2]), score) then
        return {'kind', 'LEFT', 'record', freeze_user(KEYS[3], KEYS[4], user, score), 'waiting', redis.call('ZCARD', KEYS[3])}
    end
    local ahead = pre_queued(KEYS[5])
    local rank = redis.call('ZRANK', KEYS[3], user)
    return {
        'kind', 'WAITING', 'score', score, 'rank', rank + 1 + ahead, 'waiting', redis.call('ZCARD', KEYS[3]) + ahead, 'new', 0,
        'cohort', cohort,
    }
end
local record = redis.call('HGET', KEYS[4], user)
if record then return {'kind', 'LEFT', 'record', record, 'waiting', redis.call('ZCARD', KEYS[3])} end
if redis.call('ZSCORE', KEYS[5], user) then
    if state == 'CLOSED' then
        redis.call('ZREM', KEYS[5], user)
        redis.call('HSET', KEYS[4], user, 'S|0')
        return {'kind', 'LEFT', 'record', 'S|0', 'waiting', redis.call('ZCARD', KEYS[3])}
    end
    return {'kind', 'PRE_QUEUE', 'opensInMs', def.openAt - now, 'waiting', pre_queued(KEYS[5]), 'new', 0}
end

local window = state == 'SCHEDULED' and in_window(def, now)
-- PAUSED still enqueues; CLOSED, SOLD_OUT and SCHEDULED outside the pre-queue window refuse.
if state ~= 'OPEN' and state ~= 'PAUSED' and not window then return {'kind', 'REFUSED', 'state', state} end
-- The event's cap on waiting users (memory is finite; a crowd beyond it is told to come back).
if def.maxWaiting > 0 then
    local waiting = redis.call('ZCARD', KEYS[3]) + pre_queued(KEYS[5])
    if waiting >= def.maxWaiting then return {'kind', 'FULL', 'waiting', waiting} end
end

local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
if window then
    redis.call('ZADD', KEYS[5], seq, user)
    return {'kind', 'PRE_QUEUE', 'opensInMs', def.openAt - now, 'waiting', pre_queued(KEYS[5]), 'new', 1}
end
local since = math.floor((now - def.openAt) / 1000)
if since > 33554431 then since = 33554431 end
-- %.0f keeps all 53 bits; Lua's default number format would round to 14 digits.
local newScore = string.format('%.0f', seq * 33554432 + since)
redis.call('ZADD', KEYS[3], newScore, user)
local waiting = redis.call('ZCARD', KEYS[3]) + pre_queued(KEYS[5])
return {'kind', 'WAITING', 'score', newScore, 'rank', waiting, 'waiting', waiting, 'new', 1, 'cohort', cohort}
