-- What the runtime keeper needs to know of one event, read atomically. KEYS: def, ctr, heal.
-- Reply fields (RuntimeCheckScript.swift): runId (this server's), version (0: no copy), epoch (the
-- counters' lifetime, '' if none), healing (1 while some gate rebuilds it).
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
local epoch = redis.call('HGET', KEYS[2], 'epoch') or ''
local healing = redis.call('EXISTS', KEYS[3])
return {'runId', run_id(), 'version', version, 'epoch', epoch, 'healing', healing}
