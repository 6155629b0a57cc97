// handleSummary helpers: figures from k6's end-of-test data, a one-screen text and the JSON file.
import { common } from './config.js';
import { ERROR_CODES } from './gate.js';

// Trend statistics the scripts ask k6 to keep (options.summaryTrendStats).
export const TREND_STATS = ['min', 'med', 'avg', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'];

function value(data, metric, stat) {
    const m = data.metrics[metric];
    const v = m && m.values ? m.values[stat] : undefined;
    return typeof v === 'number' ? v : 0;
}

export function count(data, metric) {
    return value(data, metric, 'count');
}

const round = (v, digits) => Number(v.toFixed(digits));

export function trend(data, metric) {
    return {
        count: count(data, metric),
        avg: round(value(data, metric, 'avg'), 2),
        p50: round(value(data, metric, 'med'), 2),
        p95: round(value(data, metric, 'p(95)'), 2),
        p99: round(value(data, metric, 'p(99)'), 2),
        max: round(value(data, metric, 'max'), 2),
    };
}

// Non-zero counts of `metric{code:X}`, largest first.
export function errorsByCode(data, metric) {
    const out = {};
    const found = ERROR_CODES.map((code) => [code, count(data, `${metric}{code:${code}}`)]).filter(([, n]) => n > 0);
    found.sort((a, b) => b[1] - a[1]);
    for (const [code, n] of found) out[code] = n;
    return out;
}

// Every threshold the script set, except the `count>=0` ones that only keep sub-metrics.
export function thresholds(data) {
    const list = [];
    for (const [metric, m] of Object.entries(data.metrics)) {
        for (const [expr, result] of Object.entries(m.thresholds || {})) {
            if (expr !== 'count>=0') list.push({ metric, expr, ok: result.ok });
        }
    }
    list.sort((a, b) => a.metric.localeCompare(b.metric));
    return list;
}

export function ms(v) {
    if (v >= 10000) return `${(v / 1000).toFixed(1)} s`;
    if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
    return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ms`;
}

// 20000 -> "20,000" (toLocaleString throws in k6's JavaScript runtime).
export function int(v) {
    return String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function latencyLine(label, t) {
    if (t.count === 0) return `${label.padEnd(15)}no requests`;
    return `${label.padEnd(15)}p50 ${ms(t.p50)}  p95 ${ms(t.p95)}  p99 ${ms(t.p99)}  max ${ms(t.max)}  (${int(t.count)} answered)`;
}

export function codesText(codes) {
    const parts = Object.entries(codes).map(([c, n]) => `${c} ${int(n)}`);
    return parts.length ? parts.join(', ') : 'none';
}

export function thresholdLines(list) {
    if (list.length === 0) return ['thresholds     none'];
    const marks = list.map((t) => `${t.ok ? 'ok  ' : 'FAIL'} ${t.metric} ${t.expr}`);
    const lines = [];
    for (let i = 0; i < marks.length; i += 3) {
        lines.push(`${i === 0 ? 'thresholds' : ''}`.padEnd(15) + marks.slice(i, i + 3).join('   '));
    }
    return lines;
}

// The k6 outputs: the text on stdout, and the JSON document at SUMMARY_JSON when set.
export function outputs(lines, doc) {
    const out = { stdout: `\n${lines.join('\n')}\n` };
    if (common.summaryJson !== '') {
        out[common.summaryJson] = `${JSON.stringify(doc, null, 2)}\n`;
        out.stdout += `summary JSON: ${common.summaryJson}\n`;
    }
    return out;
}
