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
