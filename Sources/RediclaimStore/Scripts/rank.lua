-- A user's place, read atomically. KEYS: def, ctr, q, u, pq. ARGV: userId.
-- Users still in the pre-queue (before the open, or while the cohort is being placed) have no rank yet;
-- everyone in the queue counts them as ahead, so no rank ever goes up while the cohort is placed.
-- Reply fields (RankScript.swift): kind NOT_FOUND | WAITING (score, rank, waiting, state, cohort) | LEFT (record,
-- state, cohort) | ABSENT (state) | PRE_QUEUE (opensInMs, waiting, state), where state is the event's.
local def = read_def(KEYS[1])
if not def then return {'kind', 'NOT_FOUND'} end
local ctr = redis.call('HMGET', KEYS[2], 'released', 'finalSeq', 'cohort')
local now = now_ms()
local state = event_state(def, tonumber(ctr[1] or '0'), now)
local cohort = tonumber(ctr[3] or '0')

local user = ARGV[1]
local record = redis.call('HGET', KEYS[4], user)
if record then return {'kind', 'LEFT', 'record', record, 'state', state, 'cohort', cohort} end
local score = redis.call('ZSCORE', KEYS[3], user)
if score then
    -- The wait of a user of a closed or sold-out event ends here, once and for good.
    if frozen(state, tonumber(ctr[2]), score) then
        return {'kind', 'LEFT', 'record', freeze_user(KEYS[3], KEYS[4], user, score), 'state', state, 'cohort', cohort}
    end
    local ahead = pre_queued(KEYS[5])
    return {
        'kind', 'WAITING', 'score', score, 'rank', redis.call('ZRANK', KEYS[3], user) + 1 + ahead,
        'waiting', redis.call('ZCARD', KEYS[3]) + ahead, 'state', state, 'cohort', cohort,
    }
end
if redis.call('ZSCORE', KEYS[5], user) then
    if state == 'CLOSED' then
        redis.call('ZREM', KEYS[5], user)
        redis.call('HSET', KEYS[4], user, 'S|0')
        return {'kind', 'LEFT', 'record', 'S|0', 'state', state, 'cohort', cohort}
    end
    return {'kind', 'PRE_QUEUE', 'opensInMs', def.openAt - now, 'waiting', pre_queued(KEYS[5]), 'state', state}
end
return {'kind', 'ABSENT', 'state', state}
