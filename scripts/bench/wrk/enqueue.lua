-- wrk: POST /enqueue with a distinct user per request (thread id + counter keeps them unique).
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
    thread:set("tid", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    thread_id = tonumber(tid)
    event_id = os.getenv("EVENT_ID") or "1001"
    prefix = os.getenv("USER_PREFIX") or "b"
end

function request()
    counter = counter + 1
    local body = string.format('{"eventId":%s,"userId":"%s-%d-%d"}', event_id, prefix, thread_id, counter)
    return wrk.format("POST", "/enqueue", {["Content-Type"] = "application/json"}, body)
end
