// Settings from environment variables (`k6 run -e NAME=value` or the shell), with the defaults documented in docs/k6.md.

export function envString(name, fallback) {
    const v = __ENV[name];
    return v === undefined || v === '' ? fallback : v;
}

export function envNumber(name, fallback) {
    const raw = envString(name, undefined);
    if (raw === undefined) return fallback;
    const v = Number(raw);
    // A typo in a load setting would silently run the wrong test; stop instead.
    if (!Number.isFinite(v) || v < 0) throw new Error(`${name}=${raw} is not a non-negative number`);
    return v;
}

export function envInt(name, fallback) {
    return Math.floor(envNumber(name, fallback));
}

// Settings every script shares.
export const common = {
    baseUrl: envString('BASE_URL', 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    // /metrics lives on the gate's ops port, not the public one.
    opsUrl: envString('OPS_URL', 'http://127.0.0.1:9101').replace(/\/+$/, ''),
    eventId: envInt('EVENT_ID', 1001),
    requestTimeout: envString('REQUEST_TIMEOUT', '10s'),
    summaryJson: envString('SUMMARY_JSON', ''),
};

// A user id prefix unique to this run (userId allows [A-Za-z0-9._:@-], 1..64 chars).
// Called from setup() only: init code runs once per VU, at different times.
export function userPrefix(script) {
    const given = envString('USER_PREFIX', '');
    if (given !== '') {
        if (!/^[A-Za-z0-9._:@-]{1,40}$/.test(given)) throw new Error(`USER_PREFIX=${given} must match [A-Za-z0-9._:@-]{1,40}`);
        return given;
    }
    return `k6-${script}-${Date.now().toString(36)}-`;
}

// A k6-style duration ("90s", "5m", "1h30m", or plain seconds) in seconds.
export function envSeconds(name, fallback) {
    const raw = envString(name, fallback);
    if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw);
    const parts = raw.match(/^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?$/);
    if (!parts || raw === '') throw new Error(`${name}=${raw} is not a duration like 90s, 5m or 1h`);
    return Number(parts[1] || 0) * 3600 + Number(parts[2] || 0) * 60 + Number(parts[3] || 0);
}
