// The gate's HTTP API as seen by one client: enqueue and rank with latency, error and 429 bookkeeping.
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import { common } from './config.js';
import { token, usesTokens } from './token.js';

export const enqueueLatency = new Trend('enqueue_latency', true);
export const rankLatency = new Trend('rank_latency', true);
export const enqueueErrors = new Counter('enqueue_errors');
export const rankErrors = new Counter('rank_errors');
export const http5xx = new Counter('http_5xx');
export const networkErrors = new Counter('network_errors');
// How late timers fire: near 0 unless k6 itself is short of CPU, which would skew every other figure.
export const timerLateness = new Trend('timer_lateness', true);

// Error codes of the contract plus the client-side ones; unknown codes count as OTHER so that every
// code has a sub-metric in the summary (k6 only breaks a metric down by tag for named sub-metrics).
export const ERROR_CODES = [
    'INVALID_REQUEST', 'UNAUTHORIZED', 'TICKET_EXPIRED', 'FORBIDDEN', 'EVENT_NOT_FOUND', 'NOT_IN_QUEUE', 'NOT_FOUND',
    'EVENT_NOT_OPEN', 'EVENT_CLOSED', 'SOLD_OUT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED',
    'INTERNAL', 'UNAVAILABLE', 'QUEUE_FULL', 'TIMEOUT', 'NETWORK', 'BAD_RESPONSE', 'OTHER',
];
const KNOWN = new Set(ERROR_CODES);

// Thresholds that never fail but make k6 keep `enqueue_errors{code:X}` etc. for the summary.
export function errorCodeThresholds() {
    const t = {};
    for (const metric of ['enqueue_errors', 'rank_errors']) {
        for (const code of ERROR_CODES) t[`${metric}{code:${code}}`] = ['count>=0'];
    }
    return t;
}

// The URL tag would make one time series per user; `name` groups requests instead.
export const SYSTEM_TAGS = ['status', 'method', 'name', 'scenario', 'expected_response', 'error_code'];

http.setResponseCallback(http.expectedStatuses(200, 202));

export const FINAL = new Set(['ISSUED', 'SOLD_OUT']);

export function sleepMs(ms) {
    const due = Date.now() + Math.max(0, ms);
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))).then(() => {
        timerLateness.add(Date.now() - due);
    });
}

function parse(res) {
    try {
        return res.json();
    } catch (_) {
        return null;
    }
}

// The error code of a failed answer: the body's `error.code`, or what went wrong on the wire.
function errorCode(res, body) {
    if (res.status === 0) return res.error_code === 1050 ? 'TIMEOUT' : 'NETWORK';
    const code = body && body.error && body.error.code;
    if (typeof code === 'string') return KNOWN.has(code) ? code : 'OTHER';
    return 'BAD_RESPONSE';
}

// One request, repeated after Retry-After while the gate answers 429 and the deadline allows.
// Returns { status, body, code } where code is null on 2xx.
async function send(kind, method, url, payload, params, deadlineMs) {
    const latency = kind === 'enqueue' ? enqueueLatency : rankLatency;
    const errors = kind === 'enqueue' ? enqueueErrors : rankErrors;
    for (;;) {
        const res = await http.asyncRequest(method, url, payload, params);
        // A request that never got an answer has no server latency; it is counted in network_errors.
        if (res.status !== 0) latency.add(res.timings.duration);
        const body = parse(res);
        if (res.status >= 200 && res.status < 300) {
            if (body === null) {
                errors.add(1, { code: 'BAD_RESPONSE' });
                return { status: res.status, body, code: 'BAD_RESPONSE' };
            }
            return { status: res.status, body, code: null };
        }
        const code = errorCode(res, body);
        errors.add(1, { code });
        if (res.status === 0) networkErrors.add(1, { name: kind });
        if (res.status >= 500) http5xx.add(1, { name: kind });
        if (res.status !== 429) return { status: res.status, body, code };
        const waitMs = (Number(res.headers['Retry-After']) || 1) * 1000;
        if (Date.now() + waitMs > deadlineMs) return { status: res.status, body, code };
        await sleepMs(waitMs);
    }
}

// With JWT_SECRET the user is who the token names (the gate's default, jwt mode); without, the body says.
export function enqueueRequest(eventId, userId) {
    const headers = { 'Content-Type': 'application/json' };
    if (usesTokens) headers.Authorization = `Bearer ${token(userId)}`;
    const body = usesTokens ? { eventId } : { eventId, userId };
    return { body: JSON.stringify(body), headers };
}

export function enqueue(eventId, userId, deadlineMs) {
    const request = enqueueRequest(eventId, userId);
    return send('enqueue', 'POST', `${common.baseUrl}/enqueue`, request.body, {
        headers: request.headers,
        tags: { name: 'enqueue' },
        timeout: common.requestTimeout,
    }, deadlineMs);
}

export function rank(eventId, userId, ticket, deadlineMs) {
    const url = `${common.baseUrl}/rank?eventId=${eventId}&userId=${encodeURIComponent(userId)}`;
    return send('rank', 'GET', url, null, {
        headers: { Authorization: `Bearer ${ticket}` },
        tags: { name: 'rank' },
        timeout: common.requestTimeout,
    }, deadlineMs);
}
