-- Prepended to every Rediclaim script when it is loaded (StoreScripts.swift): what they share.

-- Redis server time in epoch milliseconds: the one clock of releases, pending claims and states.
local function now_ms()
    local t = redis.call('TIME')
    return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- The runtime definition (KEYS: def hash), or nil when Redis has no copy of the event.
local function read_def(key)
    local d = redis.call('HMGET', key, 'stock', 'openAt', 'closeAt', 'closed', 'paused', 'rate', 'maxWaiting', 'preQueue')
    if not d[1] then return nil end
    return {
        stock = tonumber(d[1]), openAt = tonumber(d[2]), closeAt = tonumber(d[3]),
        closed = d[4] == '1', paused = d[5] == '1', rate = tonumber(d[6]),
        maxWaiting = tonumber(d[7] or '0'), preQueue = tonumber(d[8] or '0'),
    }
end

-- The event-state rule: the one Lua copy of EventState.derive in RediclaimCore (a table-driven test
-- runs both on the same cases). First match wins: CLOSED, SCHEDULED, SOLD_OUT, PAUSED, OPEN.
local function event_state(def, released, now)
    if def.closed or now >= def.closeAt then return 'CLOSED' end
    if now < def.openAt then return 'SCHEDULED' end
    if def.stock - released <= 0 then return 'SOLD_OUT' end
    if def.paused then return 'PAUSED' end
    return 'OPEN'
end

-- The released counter (users taken off the release budget).
local function released_count(ctr)
    return tonumber(redis.call('HGET', ctr, 'released') or '0')
end

-- This Redis server's lifetime: its run id (new on every restart) and its replication id (new on every
-- promotion of a replica). An event whose counters carry another one (or none) lives in a Redis that may
-- have lost or rolled back data. The run id alone would miss a failback: a master failed over to its
-- replica and promoted again after that one dies keeps its run id, yet lost the replica's last writes.
local function run_id()
    return string.match(redis.call('INFO', 'server'), 'run_id:(%w+)') .. '.'
        .. string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)')
end

-- The sequence number inside a queue score (score = seq * 2^25 + seconds since the open).
local function seq_of(score)
    return math.floor(tonumber(score) / 33554432)
end

-- Whether a queued user's wait is over without a coupon: the event is closed or sold out, or it was when
-- this user was already waiting (`finalSeq`, kept so that a reopened event never brings them back).
local function frozen(state, final_seq, score)
    if state == 'CLOSED' or state == 'SOLD_OUT' then return true end
    return final_seq ~= nil and seq_of(score) <= final_seq
end

-- Ends a queued user's wait as SOLD_OUT (queue entry removed, final record written). KEYS of q and u.
local function freeze_user(q, u, user, score)
    redis.call('ZREM', q, user)
    if not redis.call('HGET', u, user) then redis.call('HSET', u, user, 'S|' .. score) end
    return 'S|' .. score
end

-- The pre-queue (KEYS: pq) while the window is on, or while the cohort is being placed at the open.
-- Users still in it are ahead of everyone in the queue, so a queued user's rank counts them too.
local function pre_queued(pq)
    return redis.call('ZCARD', pq)
end

-- Whether the pre-queue window is on: before the open, and no earlier than preQueue seconds before it.
local function in_window(def, now)
    return def.preQueue > 0 and now < def.openAt and now >= def.openAt - def.preQueue * 1000
end
