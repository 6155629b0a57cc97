// Spike: USERS people arrive within ARRIVAL_SECONDS (a ramp to a peak rate), each enqueues once and then
// polls /rank honouring pollAfterMs until ISSUED or SOLD_OUT, or until DEADLINE_SECONDS after arriving.
// Run: scripts/k6.sh spike   (settings: docs/k6.md)
import exec from 'k6/execution';
import http from 'k6/http';
import { common, envInt, envNumber, envString, userPrefix } from './lib/config.js';
import { errorCodeThresholds, SYSTEM_TAGS } from './lib/gate.js';
import { carry, rampArrival, rampPeakRate, rampStages } from './lib/arrivals.js';
import { gateDoc, gateFigures, gateLine, recordGateFiguresAtEnd } from './lib/prometheus.js';
import { liveUser } from './lib/user.js';
import { usersDoc, usersLines } from './lib/report.js';
import { int, outputs, TREND_STATS } from './lib/summary.js';

const USERS = envInt('USERS', 20000);
const ARRIVAL_SECONDS = envNumber('ARRIVAL_SECONDS', 5);
const DEADLINE_SECONDS = envNumber('DEADLINE_SECONDS', 300);
const ENQUEUE_P99_MS = envNumber('ENQUEUE_P99_MS', 250);
// carrier: VUS virtual users each live USERS/VUS users concurrently (cheap);
// vu: one VU per user from a ramping-arrival-rate (k6's classic model; needs a VU per user alive).
const MODE = envString('MODE', 'carrier');
const VUS = Math.max(1, Math.min(USERS, envInt('VUS', 100)));
// Idle keep-alive connections each VU keeps (k6's batchPerHost); the default 6 makes busy VUs reconnect.
const CONNS_PER_VU = envInt('CONNS_PER_VU', 50);
const LEAD_MS = 1000; // lets every carrier reach its first timer before the first arrival
const VU_MODE_VUS = Math.ceil(USERS * 1.06) + 10;

if (!(USERS > 0 && ARRIVAL_SECONDS > 0)) throw new Error('USERS and ARRIVAL_SECONDS must be positive');
if (MODE !== 'carrier' && MODE !== 'vu') throw new Error(`MODE=${MODE}: use carrier or vu`);

const scenario = MODE === 'carrier'
    ? {
        executor: 'per-vu-iterations',
        vus: VUS,
        iterations: 1,
        maxDuration: `${Math.ceil(ARRIVAL_SECONDS + DEADLINE_SECONDS + 60)}s`,
    }
    : {
        executor: 'ramping-arrival-rate',
        startRate: 0,
        timeUnit: '1s',
        stages: rampStages(USERS, ARRIVAL_SECONDS),
        // Every user may be alive at once, plus the ramp's few surplus iterations; VUs started mid-run
        // come too late (k6 drops the iteration), so all are allocated up front (~0.6 MB each).
        preAllocatedVUs: envInt('PREALLOCATED_VUS', VU_MODE_VUS),
        maxVUs: envInt('MAX_VUS', VU_MODE_VUS),
        // Users who arrived at the end of the ramp still live out their deadline.
        gracefulStop: `${Math.ceil(DEADLINE_SECONDS + 30)}s`,
    };

export const options = {
    scenarios: { spike: scenario },
    batch: CONNS_PER_VU,
    batchPerHost: CONNS_PER_VU,
    systemTags: SYSTEM_TAGS,
    summaryTrendStats: TREND_STATS,
    setupTimeout: '30s',
    thresholds: {
        http_5xx: ['count==0'],
        network_errors: ['count==0'],
        enqueue_latency: [`p(99)<${ENQUEUE_P99_MS}`],
        users_failed: ['count==0'],
        rank_went_up: ['count==0'],
        issued_without_coupon: ['count==0'],
        ...(MODE === 'vu' ? { dropped_iterations: ['count==0'] } : {}),
        ...errorCodeThresholds(),
    },
};

export function setup() {
    const health = http.get(`${common.baseUrl}/healthz`, { timeout: '5s', tags: { name: 'setup' } });
    if (health.status !== 200) {
        exec.test.abort(`the gate at ${common.baseUrl}/healthz answered ${health.status || health.error}`);
    }
    return { prefix: userPrefix('spike'), gateStart: gateFigures(), t0: Date.now() + (MODE === 'carrier' ? LEAD_MS : 0) };
}

export default async function (data) {
    const live = (k) => liveUser({
        eventId: common.eventId, userId: `${data.prefix}${k}`, t0: data.t0, deadlineSeconds: DEADLINE_SECONDS,
    });
    if (MODE === 'vu') {
        const k = exec.scenario.iterationInTest;
        if (k < USERS) await live(k); // the ramp's rounding may start a few extra iterations
        return;
    }
    await carry(exec.scenario.iterationInTest, VUS, USERS, data.t0, (k) => rampArrival(k, USERS, ARRIVAL_SECONDS), live);
}

export function teardown() {
    recordGateFiguresAtEnd();
}

export function handleSummary(data) {
    const doc = {
        script: 'spike',
        generatedAt: new Date().toISOString(),
        config: {
            baseUrl: common.baseUrl, eventId: common.eventId, users: USERS, arrivalSeconds: ARRIVAL_SECONDS,
            deadlineSeconds: DEADLINE_SECONDS, enqueueP99Ms: ENQUEUE_P99_MS, mode: MODE,
            vus: MODE === 'carrier' ? VUS : scenario.maxVUs, userPrefix: data.setup_data ? data.setup_data.prefix : null,
        },
        ...usersDoc(data, USERS),
        gate: gateDoc(data),
    };
    const peak = rampPeakRate(USERS, ARRIVAL_SECONDS);
    const head = `k6 spike: event ${common.eventId} at ${common.baseUrl}; ${MODE} mode, ` +
        `${MODE === 'carrier' ? VUS : scenario.maxVUs} VUs; users ${doc.config.userPrefix}N`;
    return outputs([`== ${head} ==`, ...usersLines(doc, `target peak ${int(peak)}/s`, [gateLine(doc.gate)])], doc);
}
