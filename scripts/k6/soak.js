// Soak: a steady RATE of new users per second for DURATION; each enqueues and polls /rank at most POLLS
// times (honouring pollAfterMs), to catch leaks and slow degradation. scripts/k6.sh samples the gate's RSS
// and Redis's used_memory before, during and after (k6 cannot read /proc).
// Run: scripts/k6.sh soak   (settings: docs/k6.md)
import exec from 'k6/execution';
import http from 'k6/http';
import { common, envInt, envNumber, envSeconds, userPrefix } from './lib/config.js';
import { errorCodeThresholds, SYSTEM_TAGS } from './lib/gate.js';
import { carry } from './lib/arrivals.js';
import { gateDoc, gateFigures, gateLine, recordGateFiguresAtEnd } from './lib/prometheus.js';
import { liveUser } from './lib/user.js';
import { usersDoc, usersLines } from './lib/report.js';
import { outputs, TREND_STATS } from './lib/summary.js';

const RATE = envNumber('RATE', 20);
const DURATION_SECONDS = envSeconds('DURATION', '5m');
const POLLS = envInt('POLLS', 3);
const DEADLINE_SECONDS = envNumber('DEADLINE_SECONDS', 60);
const ENQUEUE_P99_MS = envNumber('ENQUEUE_P99_MS', 250);
const USERS = Math.floor(RATE * DURATION_SECONDS);
const VUS = Math.max(1, Math.min(USERS, envInt('VUS', 20)));
const CONNS_PER_VU = envInt('CONNS_PER_VU', 50);
const LEAD_MS = 1000;

if (!(USERS > 0)) throw new Error('RATE x DURATION must be at least one user');

export const options = {
    scenarios: {
        soak: {
            executor: 'per-vu-iterations',
            vus: VUS,
            iterations: 1,
            maxDuration: `${Math.ceil(DURATION_SECONDS + DEADLINE_SECONDS + 60)}s`,
        },
    },
    batch: CONNS_PER_VU,
    batchPerHost: CONNS_PER_VU,
    systemTags: SYSTEM_TAGS,
    summaryTrendStats: TREND_STATS,
    thresholds: {
        http_5xx: ['count==0'],
        network_errors: ['count==0'],
        enqueue_latency: [`p(99)<${ENQUEUE_P99_MS}`],
        users_failed: ['count==0'],
        rank_went_up: ['count==0'],
        issued_without_coupon: ['count==0'],
        ...errorCodeThresholds(),
    },
};

export function setup() {
    const health = http.get(`${common.baseUrl}/healthz`, { timeout: '5s', tags: { name: 'setup' } });
    if (health.status !== 200) exec.test.abort(`the gate at ${common.baseUrl}/healthz answered ${health.status || health.error}`);
    return { prefix: userPrefix('soak'), gateStart: gateFigures(), t0: Date.now() + LEAD_MS };
}

export default async function (data) {
    const live = (k) => liveUser({
        eventId: common.eventId, userId: `${data.prefix}${k}`, t0: data.t0, deadlineSeconds: DEADLINE_SECONDS, maxPolls: POLLS,
    });
    // Evenly spaced arrivals: user k at k / RATE seconds.
    await carry(exec.scenario.iterationInTest, VUS, USERS, data.t0, (k) => k / RATE, live);
}

export function teardown() {
    recordGateFiguresAtEnd();
}

export function handleSummary(data) {
    const doc = {
        script: 'soak',
        generatedAt: new Date().toISOString(),
        config: {
            baseUrl: common.baseUrl, eventId: common.eventId, rate: RATE, durationSeconds: DURATION_SECONDS, users: USERS,
            polls: POLLS, deadlineSeconds: DEADLINE_SECONDS, enqueueP99Ms: ENQUEUE_P99_MS, vus: VUS,
            userPrefix: data.setup_data ? data.setup_data.prefix : null,
        },
        ...usersDoc(data, USERS),
        gate: gateDoc(data),
    };
    const head = `k6 soak: event ${common.eventId} at ${common.baseUrl}; ${RATE} users/s for ${DURATION_SECONDS} s, ` +
        `up to ${POLLS} polls each; ${VUS} VUs`;
    return outputs([`== ${head} ==`, ...usersLines(doc, `target ${RATE}/s`, [gateLine(doc.gate)])], doc);
}
