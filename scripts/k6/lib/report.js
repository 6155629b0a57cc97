// The report on users' lives (spike.js, soak.js): arrivals, latencies, outcomes, polls and errors.
import { codesText, count, errorsByCode, int, latencyLine, ms, thresholdLines, thresholds, trend } from './summary.js';

function arrivalSpan(data) {
    const m = data.metrics.arrival_offset;
    const first = m ? m.values.min : 0;
    const last = m ? m.values.max : 0;
    return { first, last };
}

// The figures as a JSON document (the lead's e2e report reads these names).
export function usersDoc(data, plannedUsers) {
    const { first, last } = arrivalSpan(data);
    const arrived = count(data, 'arrival_offset');
    const spanSeconds = (last - first) / 1000;
    const list = thresholds(data);
    return {
        arrival: {
            plannedUsers,
            arrivedUsers: arrived,
            firstMs: Math.round(first),
            lastMs: Math.round(last),
            achievedPerSecond: spanSeconds > 0 ? Math.round(arrived / spanSeconds) : arrived,
            droppedIterations: count(data, 'dropped_iterations'),
        },
        latencyMs: { enqueue: trend(data, 'enqueue_latency'), rank: trend(data, 'rank_latency') },
        finalStatus: {
            ISSUED: count(data, 'users_issued'),
            SOLD_OUT: count(data, 'users_sold_out'),
            soldOutAtEnqueue: count(data, 'sold_out_at_enqueue'),
        },
        notFinal: {
            leftWhileWaiting: count(data, 'users_left_waiting'),
            leftWhileReleased: count(data, 'users_left_released'),
            failed: count(data, 'users_failed'),
        },
        queuedUsers: count(data, 'users_queued'),
        pollsPerUser: trend(data, 'polls_per_user'),
        timeToFinalMs: trend(data, 'time_to_final'),
        pollAfterMs: trend(data, 'poll_after_ms'),
        timerLatenessMs: trend(data, 'timer_lateness'),
        errorsByCode: { enqueue: errorsByCode(data, 'enqueue_errors'), rank: errorsByCode(data, 'rank_errors') },
        http5xx: count(data, 'http_5xx'),
        networkErrors: count(data, 'network_errors'),
        rankWentUp: count(data, 'rank_went_up'),
        issuedWithoutCoupon: count(data, 'issued_without_coupon'),
        thresholds: list,
        passed: list.every((t) => t.ok),
        runSeconds: Math.round(data.state.testRunDurationMs / 100) / 10,
    };
}

// The same figures as lines of text for one screen; `extra` lines go just before the thresholds.
export function usersLines(doc, target, extra = []) {
    const a = doc.arrival;
    const f = doc.finalStatus;
    const n = doc.notFinal;
    const p = doc.pollsPerUser;
    const t = doc.timeToFinalMs;
    const w = doc.pollAfterMs;
    return [
        `arrivals       ${int(a.arrivedUsers)} of ${int(a.plannedUsers)} users over ${((a.lastMs - a.firstMs) / 1000).toFixed(1)} s` +
            ` (${int(a.achievedPerSecond)}/s achieved; ${target}); ${int(a.droppedIterations)} dropped`,
        latencyLine('enqueue', doc.latencyMs.enqueue),
        latencyLine('rank', doc.latencyMs.rank),
        `final status   ISSUED ${int(f.ISSUED)}   SOLD_OUT ${int(f.SOLD_OUT)} (${int(f.soldOutAtEnqueue)} of them told at enqueue)`,
        `not final      gave up while WAITING ${int(n.leftWhileWaiting)}, while RELEASED ${int(n.leftWhileReleased)}; failed ${int(n.failed)}`,
        t.count === 0
            ? 'time to final  nobody reached a final status'
            : `time to final  p50 ${ms(t.p50)}  p95 ${ms(t.p95)}  p99 ${ms(t.p99)}  max ${ms(t.max)}  (${int(t.count)} users)`,
        `polls per user avg ${p.avg.toFixed(1)}  p50 ${p.p50}  p95 ${p.p95}  p99 ${p.p99}  max ${p.max}  (${int(p.count)} users)`,
        w.count === 0
            ? 'pollAfterMs    no advice received (nobody polled)'
            : `pollAfterMs    p50 ${ms(w.p50)}  p95 ${ms(w.p95)}  max ${ms(w.max)}  (the gate's advice, honoured as given)`,
        `errors         enqueue: ${codesText(doc.errorsByCode.enqueue)}`,
        `               rank: ${codesText(doc.errorsByCode.rank)}`,
        `checks         5xx ${int(doc.http5xx)}   network errors ${int(doc.networkErrors)}   rank went up ${int(doc.rankWentUp)}` +
            `   ISSUED without coupon ${int(doc.issuedWithoutCoupon)}`,
        `k6 itself      timers fired late by p50 ${ms(doc.timerLatenessMs.p50)}, p99 ${ms(doc.timerLatenessMs.p99)}, ` +
            `max ${ms(doc.timerLatenessMs.max)} (large = k6 short of CPU)`,
        ...extra,
        ...thresholdLines(doc.thresholds),
        `result         ${doc.passed ? 'PASS' : 'FAIL'} after ${doc.runSeconds} s`,
    ];
}
