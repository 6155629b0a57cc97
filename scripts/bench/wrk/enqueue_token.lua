-- wrk: POST /enqueue {"eventId":N} with a distinct user's JWT per request, from TOKENS_FILE ("userId token"
-- per line, made by `rediclaim-bench tokens`). Thread t of n takes lines t, t+n, ..., so no two
-- requests share a user; a thread that runs out wraps around (and says so at the end).
local tokens = {}
local index = 0
local wrapped = 0
local threads = {}

function setup(thread)
    thread:set("tid", #threads)
    table.insert(threads, thread)
end

function init(args)
    event_id = os.getenv("EVENT_ID") or "1001"
    local tid, count, n = tonumber(tid), #threads, 0
    for line in io.lines(os.getenv("TOKENS_FILE")) do
        if n % (tonumber(os.getenv("THREADS") or "2")) == tid then
            local _, token = line:match("^(%S+)%s+(%S+)$")
            if token then tokens[#tokens + 1] = token end
        end
        n = n + 1
    end
    body = string.format('{"eventId":%s}', event_id)
end

function request()
    index = index + 1
    if index > #tokens then
        index = 1
        wrapped = wrapped + 1
    end
    return wrk.format("POST", "/enqueue", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[index]}, body)
end

function done(summary, latency, requests)
    for _, thread in ipairs(threads) do
        local w = thread:get("wrapped")
        if w and w > 0 then io.write(string.format("tokens wrapped around %d times in one thread\n", w)) end
    end
end
