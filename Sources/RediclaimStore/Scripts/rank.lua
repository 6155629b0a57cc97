-- A user's place, read atomically. KEYS: def, ctr, q, u. ARGV: userId.
-- Reply fields (RankScript.swift): kind NOT_FOUND | WAITING (score, rank, waiting, state) | LEFT (record, state)
-- | ABSENT (state), where state is the event's.
local def = read_def(KEYS[1])
if not def then return {'kind', 'NOT_FOUND'} end
local state = event_state(def, released_count(KEYS[2]), now_ms())

local user = ARGV[1]
local record = redis.call('HGET', KEYS[4], user)
if record then return {'kind', 'LEFT', 'record', record, 'state', state} end
local rank = redis.call('ZRANK', KEYS[3], user)
if rank then
    return {
        'kind', 'WAITING', 'score', redis.call('ZSCORE', KEYS[3], user), 'rank', rank + 1,
        'waiting', redis.call('ZCARD', KEYS[3]), 'state', state,
    }
end
return {'kind', 'ABSENT', 'state', state}
