// The gate's own view of the event from /metrics, read before and after a run (one gate: behind a load
// balancer with several replicas this is whichever replica answered).
import http from 'k6/http';
import { Gauge } from 'k6/metrics';
import { common } from './config.js';

export const gateQueueEnd = new Gauge('gate_queue_length_end');
export const gateReleasedEnd = new Gauge('gate_released_total_end');

function sample(text, name, eventId) {
    const m = text.match(new RegExp(`^${name}\\{[^}]*event="${eventId}"[^}]*\\}\\s+([0-9.eE+-]+)`, 'm'));
    return m ? Number(m[1]) : null;
}

// { queueLength, released } for the event, null where the gate has no such line yet, or null if /metrics fails.
export function gateFigures(eventId = common.eventId) {
    const res = http.get(`${common.opsUrl}/metrics`, { timeout: '5s', tags: { name: 'metrics' } });
    if (res.status !== 200) return null;
    return {
        queueLength: sample(res.body, 'rediclaim_gate_queue_length', eventId),
        released: sample(res.body, 'rediclaim_gate_released_total', eventId),
    };
}

// Called from teardown(): handleSummary only sees metrics, not teardown's return value.
export function recordGateFiguresAtEnd() {
    const f = gateFigures();
    if (f === null) return;
    if (f.queueLength !== null) gateQueueEnd.add(f.queueLength);
    if (f.released !== null) gateReleasedEnd.add(f.released);
}

// Start and end figures side by side, for the JSON document.
export function gateDoc(data) {
    const start = (data.setup_data && data.setup_data.gateStart) || null;
    const end = (name) => {
        const m = data.metrics[name];
        return m && m.values && typeof m.values.value === 'number' ? m.values.value : null;
    };
    const doc = {
        queueLengthStart: start ? start.queueLength : null,
        queueLengthEnd: end('gate_queue_length_end'),
        releasedStart: start ? start.released : null,
        releasedEnd: end('gate_released_total_end'),
    };
    doc.releasedDuringRun = doc.releasedEnd !== null ? doc.releasedEnd - (doc.releasedStart || 0) : null;
    return doc;
}

export function gateLine(g) {
    const v = (x) => (x === null ? 'n/a' : String(x));
    return `gate /metrics  queue length ${v(g.queueLengthStart)} -> ${v(g.queueLengthEnd)}; ` +
        `released by this gate during the run ${v(g.releasedDuringRun)}`;
}
