-- Fills a waiting room with ARGV[2] synthetic users in one script call, as enqueue.lua would (same score
-- layout), for the rank benchmark. KEYS: ctr, q. ARGV: prefix, count, first index (users are prefix..index).
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
local n = tonumber(ARGV[2])
local first = tonumber(ARGV[3] or '0')
local batch = {}
for i = 1, n do
    seq = seq + 1
    batch[#batch + 1] = string.format('%.0f', seq * 33554432)
    batch[#batch + 1] = ARGV[1] .. (first + i)
    if #batch >= 2000 then
        redis.call('ZADD', KEYS[2], unpack(batch))
        batch = {}
    end
end
if #batch > 0 then redis.call('ZADD', KEYS[2], unpack(batch)) end
redis.call('HSET', KEYS[1], 'seq', seq)
return seq
