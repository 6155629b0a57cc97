-- Raise the released counter to at least ARGV[1] (MySQL's issued_count). KEYS: ctr.
-- A rebuilt runtime copy never offers more than stock minus what is already issued.
-- Reply fields (RaiseReleasedScript.swift): before (the counter before).
local r = released_count(KEYS[1])
if r < tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'released', ARGV[1]) end
return {'before', r}
