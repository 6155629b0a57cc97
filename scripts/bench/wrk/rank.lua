-- wrk: GET /rank for users sampled across the queue; each line of TICKETS_FILE is "userId ticket".
local samples = {}
local i = 0

function init(args)
    event_id = os.getenv("EVENT_ID") or "1001"
    for line in io.lines(os.getenv("TICKETS_FILE")) do
        local user, ticket = line:match("^(%S+)%s+(%S+)$")
        if user then table.insert(samples, {user, ticket}) end
    end
    i = math.random(#samples)
end

function request()
    i = i % #samples + 1
    local s = samples[i]
    return wrk.format("GET", "/rank?eventId=" .. event_id .. "&userId=" .. s[1], {["Authorization"] = "Bearer " .. s[2]})
end
