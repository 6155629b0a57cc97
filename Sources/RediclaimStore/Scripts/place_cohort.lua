-- Places one chunk of the cohort at the head of the queue, in the seeded order. KEYS: ctr, q, pq, shuffle.
-- ARGV: token, lockMs, firstPosition, then userIds in order (positions firstPosition, firstPosition + 1, ...).
-- A user at position k gets the queue score k * 2^25 (sequence number k): the cohort's positions are
-- 1..cohort, below every later arrival's. A user no longer in the pre-queue is already placed (by a gate
-- that died mid-way) and is skipped. Chunks keep each call short, so Redis serves others in between.
-- Reply fields (WaitingRoom+Opening.swift): held (0 if the lock is someone else's), left (users not yet placed).
if redis.call('GET', KEYS[4]) ~= ARGV[1] then return {'held', 0, 'left', -1} end
redis.call('PEXPIRE', KEYS[4], tonumber(ARGV[2]))
local first = tonumber(ARGV[3])
for i = 4, #ARGV do
    if redis.call('ZREM', KEYS[3], ARGV[i]) == 1 then
        redis.call('ZADD', KEYS[2], string.format('%.0f', (first + i - 4) * 33554432), ARGV[i])
    end
end
redis.call('HSET', KEYS[1], 'placed', first + #ARGV - 4)
local left = redis.call('ZCARD', KEYS[3])
if left == 0 then
    redis.call('HSET', KEYS[1], 'shuffled', 1, 'shuffledAt', now_ms())
    redis.call('DEL', KEYS[4])
end
return {'held', 1, 'left', left}
