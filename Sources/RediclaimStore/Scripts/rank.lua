-- A user's place, read atomically. KEYS: def, ctr, q, u. ARGV: userId.
-- Reply fields (RankScript.swift): kind NOT_FOUND | WAITING (score, rank, waiting, state) | LEFT (record, state)
-- | ABSENT (state), where state is the event's.
local def = read_def(KEYS[1])
if not def then return {'kind', 'NOT_FOUND'} end
local ctr = redis.call('HMGET', KEYS[2], 'released', 'finalSeq')
local state = event_state(def, tonumber(ctr[1] or '0'), now_ms())

local user = ARGV[1]
local record = redis.call('HGET', KEYS[4], user)
if record then return {'kind', 'LEFT', 'record', record, 'state', state} end
local score = redis.call('ZSCORE', KEYS[3], user)
if score then
    -- The wait of a user of a closed or sold-out event ends here, once and for good.
    if frozen(state, tonumber(ctr[2]), score) then
        return {'kind', 'LEFT', 'record', freeze_user(KEYS[3], KEYS[4], user, score), 'state', state}
    end
    return {
        'kind', 'WAITING', 'score', score, 'rank', redis.call('ZRANK', KEYS[3], user) + 1,
        'waiting', redis.call('ZCARD', KEYS[3]), 'state', state,
    }
end
return {'kind', 'ABSENT', 'state', state}
