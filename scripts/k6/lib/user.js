// One waiting-room user's whole life: enqueue, then poll /rank honouring pollAfterMs until a final status,
// a poll limit or a deadline. Outcomes and timings go to k6 metrics, so they add up across VUs.
import { Counter, Trend } from 'k6/metrics';
import { enqueue, rank, rankErrors, sleepMs, FINAL } from './gate.js';

export const arrivalOffset = new Trend('arrival_offset', true);
export const timeToFinal = new Trend('time_to_final', true);
export const pollsPerUser = new Trend('polls_per_user');
export const pollAfter = new Trend('poll_after_ms', true);
export const usersQueued = new Counter('users_queued');
export const usersIssued = new Counter('users_issued');
export const usersSoldOut = new Counter('users_sold_out');
export const soldOutAtEnqueue = new Counter('sold_out_at_enqueue');
export const usersLeftWaiting = new Counter('users_left_waiting');
export const usersLeftReleased = new Counter('users_left_released');
export const usersFailed = new Counter('users_failed');
export const rankWentUp = new Counter('rank_went_up');
export const issuedWithoutCoupon = new Counter('issued_without_coupon');

// Answers worth polling again after a pause rather than giving up on the user.
const TRANSIENT = new Set(['TIMEOUT', 'NETWORK', 'INTERNAL', 'UNAVAILABLE', 'RATE_LIMITED', 'BAD_RESPONSE', 'OTHER']);
const RETRY_MS = 1000;

function finish(status, body, startedMs, polls) {
    timeToFinal.add(Date.now() - startedMs);
    pollsPerUser.add(polls);
    if (status === 'ISSUED') {
        usersIssued.add(1);
        if (!(body && body.coupon && body.coupon.code)) issuedWithoutCoupon.add(1);
    } else {
        usersSoldOut.add(1);
    }
    return status;
}

// Lives one user; `t0` is the run's start (for the arrival curve), `maxPolls` caps polling (soak).
// Returns the outcome: ISSUED, SOLD_OUT, LEFT_WAITING, LEFT_RELEASED or FAILED.
export async function liveUser(user) {
    try {
        return await life(user);
    } catch (e) {
        // A script bug must not end the other users this VU carries.
        usersFailed.add(1);
        console.error(`user ${user.userId}: ${e}`);
        return 'FAILED';
    }
}

async function life({ eventId, userId, t0, deadlineSeconds, maxPolls = Infinity }) {
    const started = Date.now();
    arrivalOffset.add(started - t0);
    const deadline = started + deadlineSeconds * 1000;

    const first = await enqueue(eventId, userId, deadline);
    if (first.code === 'SOLD_OUT') {
        soldOutAtEnqueue.add(1);
        return finish('SOLD_OUT', null, started, 0);
    }
    const body = first.body;
    if (first.code !== null || typeof body.status !== 'string') {
        usersFailed.add(1);
        return 'FAILED';
    }
    usersQueued.add(1);
    if (FINAL.has(body.status)) return finish(body.status, body, started, 0);
    const ticket = body.ticket;
    if (typeof ticket !== 'string') {
        usersFailed.add(1);
        return 'FAILED';
    }

    let status = body.status;
    let lastRank = body.rank;
    let waitMs = advised(body.pollAfterMs);
    let polls = 0;
    for (;;) {
        if (polls >= maxPolls || Date.now() + waitMs > deadline) {
            pollsPerUser.add(polls);
            (status === 'WAITING' ? usersLeftWaiting : usersLeftReleased).add(1);
            return status === 'WAITING' ? 'LEFT_WAITING' : 'LEFT_RELEASED';
        }
        await sleepMs(waitMs);
        const r = await rank(eventId, userId, ticket, deadline);
        polls++;
        if (r.code !== null) {
            if (!TRANSIENT.has(r.code)) {
                pollsPerUser.add(polls);
                usersFailed.add(1);
                return 'FAILED';
            }
            waitMs = RETRY_MS;
            continue;
        }
        if (typeof r.body.status !== 'string') {
            rankErrors.add(1, { code: 'BAD_RESPONSE' });
            waitMs = RETRY_MS;
            continue;
        }
        status = r.body.status;
        if (FINAL.has(status)) return finish(status, r.body, started, polls);
        // The contract: a rank only ever goes down.
        if (status === 'WAITING') {
            if (r.body.rank > lastRank) rankWentUp.add(1);
            lastRank = r.body.rank;
        }
        waitMs = advised(r.body.pollAfterMs);
    }
}

// The pause the gate advised with a non-final status; it must be there: never poll in a tight loop.
function advised(pollAfterMs) {
    if (pollAfterMs > 0) {
        pollAfter.add(pollAfterMs);
        return pollAfterMs;
    }
    rankErrors.add(1, { code: 'BAD_RESPONSE' });
    return RETRY_MS;
}
