// Arrival schedules and the "carrier" that lets one VU live many users at once.
// k6's sleep() blocks a whole VU, so a VU per user would need as many VUs as users alive at the same
// time (all 20,000 in a spike). Instead each VU runs its share of users as concurrent async lives,
// waiting with timers (which do not block) and talking to the gate with http.asyncRequest.
import { sleepMs } from './gate.js';

// A spike: the arrival rate climbs linearly from 0 to its peak over the first half of `seconds`,
// then holds the peak, so that exactly `users` arrive in `seconds`.
export function rampPeakRate(users, seconds) {
    return users / (0.75 * seconds);
}

// Seconds after the start at which user k (0-based) of `users` arrives on the ramp above.
export function rampArrival(k, users, seconds) {
    const peak = rampPeakRate(users, seconds);
    const rampUsers = users / 3; // arrivals during the climb: peak * (seconds/2) / 2
    if (k < rampUsers) return Math.sqrt((k * seconds) / peak);
    return seconds / 2 + (k - rampUsers) / peak;
}

// k6 stages for the same ramp (one VU per user mode, ramping-arrival-rate). k6 starts about 1% fewer
// iterations than the curve's area, so the peak holds 5% longer; the script skips iterations past `users`.
export function rampStages(users, seconds) {
    const peak = Math.ceil(rampPeakRate(users, seconds));
    const ms = (f) => `${Math.round(seconds * 1000 * f)}ms`;
    return [{ target: peak, duration: ms(0.5) }, { target: peak, duration: ms(0.55) }];
}

// Lives users carrier, carrier + carriers, carrier + 2*carriers, ... below `users`, each starting at
// t0 + arrivalSeconds(k); waits until all of them are done.
export async function carry(carrier, carriers, users, t0, arrivalSeconds, live) {
    const lives = [];
    for (let k = carrier; k < users; k += carriers) {
        const wait = t0 + arrivalSeconds(k) * 1000 - Date.now();
        if (wait > 0) await sleepMs(wait);
        lives.push(live(k));
    }
    await Promise.all(lives);
}
