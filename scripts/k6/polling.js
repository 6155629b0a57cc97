// Polling: the waiting room's steady /rank load on a large queue (rank requests only).
// setup() gets tickets for SAMPLE users (new users, or users spread over a queue pre-filled to QUEUE_SIZE
// with FILL_PREFIX, see scripts/k6.sh); then RATE rank requests per second for DURATION, each for a
// random sampled user, whatever pollAfterMs says (this measures capacity, not client behaviour).
// Run: scripts/k6.sh polling   (settings: docs/k6.md)
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import { common, envInt, envNumber, envSeconds, envString, userPrefix } from './lib/config.js';
import { enqueueRequest, errorCodeThresholds, rank, SYSTEM_TAGS } from './lib/gate.js';
import { gateDoc, gateFigures, gateLine, recordGateFiguresAtEnd } from './lib/prometheus.js';
import { codesText, count, errorsByCode, int, latencyLine, outputs, thresholdLines, thresholds, trend, TREND_STATS } from './lib/summary.js';

const SAMPLE = Math.max(1, envInt('SAMPLE', 1000));
const RATE = envInt('RATE', 500);
const DURATION_SECONDS = envSeconds('DURATION', '60s');
const QUEUE_SIZE = envInt('QUEUE_SIZE', 0);
const FILL_PREFIX = envString('FILL_PREFIX', '');
const RANK_P99_MS = envNumber('RANK_P99_MS', 100);
const STATUSES = ['WAITING', 'RELEASED', 'ISSUED', 'SOLD_OUT'];

const answered = new Counter('rank_answers');
const naturalRate = new Trend('natural_polls_per_user_second');

export const options = {
    scenarios: {
        polling: {
            executor: 'constant-arrival-rate',
            rate: RATE,
            timeUnit: '1s',
            duration: `${DURATION_SECONDS}s`,
            preAllocatedVUs: envInt('VUS', 50),
            maxVUs: envInt('MAX_VUS', 500),
        },
    },
    systemTags: SYSTEM_TAGS,
    summaryTrendStats: TREND_STATS,
    setupTimeout: '300s',
    thresholds: {
        http_5xx: ['count==0'],
        network_errors: ['count==0'],
        rank_latency: [`p(99)<${RANK_P99_MS}`],
        ...Object.fromEntries(STATUSES.map((s) => [`rank_answers{status:${s}}`, ['count>=0']])),
        ...errorCodeThresholds(),
    },
};

// Users to sample: spread over the pre-filled queue when there is one (a repeat enqueue returns the
// user's ticket and place), else new users who join at the tail.
function sampleUsers(prefix) {
    if (QUEUE_SIZE > 0 && FILL_PREFIX !== '') {
        const step = Math.max(1, Math.floor(QUEUE_SIZE / SAMPLE));
        return Array.from({ length: Math.min(SAMPLE, QUEUE_SIZE) }, (_, j) => `${FILL_PREFIX}${1 + j * step}`);
    }
    return Array.from({ length: SAMPLE }, (_, j) => `${prefix}${j}`);
}

export function setup() {
    const health = http.get(`${common.baseUrl}/healthz`, { timeout: '5s', tags: { name: 'setup' } });
    if (health.status !== 200) exec.test.abort(`the gate at ${common.baseUrl}/healthz answered ${health.status || health.error}`);
    const gateStart = gateFigures();
    const prefix = userPrefix('poll');
    const users = sampleUsers(prefix);
    const tickets = [];
    const refused = {};
    for (let i = 0; i < users.length; i += 50) {
        const batch = users.slice(i, i + 50).map((userId) => {
            const request = enqueueRequest(common.eventId, userId);
            return {
                method: 'POST',
                url: `${common.baseUrl}/enqueue`,
                body: request.body,
                params: { headers: request.headers, tags: { name: 'setup' }, timeout: '30s' },
            };
        });
        http.batch(batch).forEach((res, j) => {
            let body = null;
            try { body = res.json(); } catch (_) { /* counted below */ }
            if ((res.status === 200 || res.status === 202) && body && body.ticket) {
                tickets.push({ u: users[i + j], t: body.ticket, r: body.rank });
            } else {
                const code = (body && body.error && body.error.code) || `HTTP_${res.status}`;
                refused[code] = (refused[code] || 0) + 1;
            }
        });
    }
    if (tickets.length === 0) exec.test.abort(`no sampled user got a ticket: ${JSON.stringify(refused)}`);
    const ranks = tickets.map((x) => x.r || 0);
    return {
        prefix, tickets, refused, gateStart,
        sampleRanks: { min: Math.min(...ranks), max: Math.max(...ranks) },
    };
}

export default async function (data) {
    const s = data.tickets[Math.floor(Math.random() * data.tickets.length)];
    // A deadline of now: a 429 is counted, not waited out, so the arrival rate stays as configured.
    const r = await rank(common.eventId, s.u, s.t, Date.now());
    if (r.code !== null) return;
    answered.add(1, { status: r.body.status });
    if (r.body.status === 'WAITING' && r.body.pollAfterMs > 0) naturalRate.add(1000 / r.body.pollAfterMs);
}

export function teardown() {
    recordGateFiguresAtEnd();
}

export function handleSummary(data) {
    const setupData = data.setup_data || { tickets: [], refused: {}, sampleRanks: {} };
    const lat = trend(data, 'rank_latency');
    const seconds = data.state.testRunDurationMs / 1000;
    const gate = gateDoc(data);
    const queue = QUEUE_SIZE > 0 ? QUEUE_SIZE : gate.queueLengthStart;
    const perUser = trend(data, 'natural_polls_per_user_second');
    const list = thresholds(data);
    const doc = {
        script: 'polling',
        generatedAt: new Date().toISOString(),
        config: { baseUrl: common.baseUrl, eventId: common.eventId, rate: RATE, durationSeconds: DURATION_SECONDS, sample: SAMPLE,
            queueSize: QUEUE_SIZE, fillPrefix: FILL_PREFIX || null, rankP99Ms: RANK_P99_MS, userPrefix: setupData.prefix },
        sample: { users: setupData.tickets.length, refused: setupData.refused, ranks: setupData.sampleRanks },
        targetPerSecond: RATE,
        achievedPerSecond: Math.round(lat.count / DURATION_SECONDS),
        droppedIterations: count(data, 'dropped_iterations'),
        latencyMs: { rank: lat },
        answers: Object.fromEntries(STATUSES.map((s) => [s, count(data, `rank_answers{status:${s}}`)])),
        errorsByCode: { rank: errorsByCode(data, 'rank_errors') },
        http5xx: count(data, 'http_5xx'),
        networkErrors: count(data, 'network_errors'),
        // What the whole queue would send on its own if every user honoured pollAfterMs.
        naturalPollsPerSecond: queue && perUser.count > 0 ? Math.round(queue * perUser.avg) : null,
        gate,
        thresholds: list,
        passed: list.every((t) => t.ok),
        runSeconds: Math.round(seconds * 10) / 10,
    };
    const ranks = doc.sample.ranks;
    const lines = [
        `== k6 polling: event ${common.eventId} at ${common.baseUrl}; ${RATE} rank/s for ${DURATION_SECONDS} s ==`,
        `sample         ${int(doc.sample.users)} users with tickets, ranks ${ranks.min}..${ranks.max}` +
            `; refused at enqueue: ${codesText(setupData.refused)}`,
        `rate           ${int(doc.achievedPerSecond)}/s achieved of ${int(RATE)}/s; ${int(doc.droppedIterations)} dropped iterations`,
        latencyLine('rank', lat),
        `answers        ${STATUSES.map((s) => `${s} ${int(doc.answers[s])}`).join('   ')}`,
        `errors         ${codesText(doc.errorsByCode.rank)}; 5xx ${int(doc.http5xx)}; network errors ${int(doc.networkErrors)}`,
        doc.naturalPollsPerSecond === null
            ? 'natural load   unknown (no queue length, or nobody WAITING)'
            : `natural load   ${int(queue)} waiting users honouring pollAfterMs would send about ${int(doc.naturalPollsPerSecond)} rank/s`,
        gateLine(gate),
        ...thresholdLines(list),
        `result         ${doc.passed ? 'PASS' : 'FAIL'} after ${doc.runSeconds} s`,
    ];
    return outputs(lines, doc);
}
