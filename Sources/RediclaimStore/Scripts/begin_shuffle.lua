-- Starts (or resumes) placing an event's pre-queue cohort at the open. KEYS: def, ctr, pq, shuffle.
-- ARGV: token, lockMs.
-- The first call at or after openAt (Redis time) freezes the cohort: its size is the pre-queue's now, and
-- since enqueue.lua adds to the pre-queue only before openAt, nobody joins it later. The shuffle lock
-- makes one gate place it; a gate that dies mid-way lets the lock expire and any gate resumes from
-- `placed` (the order is a function of seed and cohort, so the resumed placement is the same).
-- Reply fields (WaitingRoom+Opening.swift): status NONE | EARLY | BUSY | DONE | PLACE (cohort, placed).
local def = read_def(KEYS[1])
if not def then return {'status', 'NONE'} end
local ctr = redis.call('HMGET', KEYS[2], 'shuffled', 'cohort', 'placed', 'seq')
if ctr[1] == '1' then return {'status', 'DONE'} end
local now = now_ms()
if now < def.openAt then return {'status', 'EARLY'} end
local holder = redis.call('GET', KEYS[4])
if holder and holder ~= ARGV[1] then return {'status', 'BUSY'} end
redis.call('SET', KEYS[4], ARGV[1], 'PX', tonumber(ARGV[2]))
local cohort = tonumber(ctr[2])
if not cohort then
    cohort = pre_queued(KEYS[3])
    redis.call('HSET', KEYS[2], 'cohort', cohort, 'placed', 0, 'shuffleAt', now)
    -- Later arrivals take sequence numbers above every position of the cohort.
    if tonumber(ctr[4] or '0') < cohort then redis.call('HSET', KEYS[2], 'seq', cohort) end
end
if pre_queued(KEYS[3]) == 0 then
    redis.call('HSET', KEYS[2], 'shuffled', 1, 'shuffledAt', now)
    redis.call('DEL', KEYS[4])
    return {'status', 'DONE'}
end
return {'status', 'PLACE', 'cohort', cohort, 'placed', tonumber(redis.call('HGET', KEYS[2], 'placed') or '0')}
