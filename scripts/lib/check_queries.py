"""Evaluates every dashboard query and alert expression against a live Prometheus (scripts/check-dashboard.sh).

A query fails when it returns no series, or names a metric that neither executable exports.
Alert expressions are evaluated in a "bool form": each comparison becomes `op bool` and offsets are
dropped, so a healthy system still returns series while metric names, labels and vector matching are
exercised for real (a filter that never matches a label would otherwise pass unnoticed as "not firing").
Two canary queries that must fail prove the check can fail. Prints the table as Markdown and exits 1
when any query failed, a canary passed, or a rule reported an evaluation error.
"""
import argparse
import json
import re
import sys
import urllib.parse
import urllib.request

import yaml

# Series Prometheus itself makes: scrape health and alert state.
PROMETHEUS_OWN = {"up", "ALERTS", "ALERTS_FOR_STATE"}
KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or",
    "unless", "inf", "nan",
}
COMPARISONS = ("==", "!=", ">=", "<=", ">", "<")


def get(base, path, **params):
    url = f"{base}{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=30) as reply:
        return json.load(reply)


def mask(expr):
    """The expression with string literals, label matchers and ranges blanked out (same length)."""
    out, depth, quote, i = [], 0, None, 0
    while i < len(expr):
        c = expr[i]
        if quote:
            out.append(" ")
            if c == "\\":
                out.append(" ")
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'`":
            quote = c
            out.append(" ")
        elif c in "{[":
            depth += 1
            out.append(" ")
        elif c in "}]":
            depth -= 1
            out.append(" ")
        else:
            out.append(" " if depth else c)
        i += 1
    return "".join(out)


def metric_names(expr):
    """Metric names a PromQL expression selects (functions, keywords and grouping labels skipped)."""
    text = mask(expr)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for m in re.finditer(r"(?<![\w:.])[A-Za-z_:][\w:]*", text):
        word = m.group(0)
        if word.lower() in KEYWORDS:
            continue
        if re.match(r"\s*\(", text[m.end():]):
            continue  # a function call
        names.add(word)
    return names


def bool_form(expr):
    """Comparisons become `op bool`; `offset DURATION` is dropped (the run is shorter than any offset)."""
    masked = mask(expr)
    out, i = [], 0
    while i < len(expr):
        op = next((o for o in COMPARISONS if masked.startswith(o, i)), None)
        if op:
            rest = masked[i + len(op):]
            out.append(expr[i:i + len(op)])
            i += len(op)
            if not re.match(r"\s*bool\b", rest):
                out.append(" bool")
            continue
        out.append(expr[i])
        i += 1
    return re.sub(r"\boffset\s+-?\d+[smhdwy]\b", "", "".join(out))


def series_count(base, expr):
    reply = get(base, "/api/v1/query", query=expr)
    if reply.get("status") != "success":
        raise RuntimeError(reply.get("error", "query failed"))
    data = reply["data"]
    return len(data["result"]) if data["resultType"] in ("vector", "matrix") else 1


def substitute(expr, variables):
    for name, value in variables.items():
        expr = expr.replace("${" + name + "}", value).replace("$" + name, value)
    return expr


def dashboard_queries(dashboard):
    """(where, expr) for every target of every panel, and the template variables' queries."""
    for var in dashboard.get("templating", {}).get("list", []):
        if var.get("type") != "query":
            continue
        query = var["query"]["query"] if isinstance(var["query"], dict) else var["query"]
        m = re.fullmatch(r"\s*label_values\((.+),\s*(\w+)\)\s*", query)
        if not m:
            raise SystemExit(f"variable {var['name']}: only label_values(metric, label) is checked, got {query}")
        yield f"variable ${var['name']}", f"count by ({m.group(2)}) ({m.group(1)})"
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            yield f"panel: {panel['title']} ({target['refId']})", target["expr"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--prometheus", required=True)
    parser.add_argument("--dashboard", required=True)
    parser.add_argument("--rules", required=True)
    parser.add_argument("--exported", required=True, help="file with one exported metric name a line")
    parser.add_argument("--event", required=True)
    parser.add_argument("--range", default="5m", help="what $__range stands for")
    args = parser.parse_args()

    exported = set(open(args.exported).read().split()) | PROMETHEUS_OWN
    with open(args.dashboard) as f:
        dashboard = json.load(f)
    with open(args.rules) as f:
        rules = yaml.safe_load(f)
    variables = {
        "event": args.event, "__rate_interval": "30s", "__interval": "5s", "__range": args.range,
        "datasource": "prometheus",
    }

    checks = [(where, substitute(expr, variables), substitute(expr, variables)) for where, expr in dashboard_queries(dashboard)]
    for group in rules["groups"]:
        for rule in group["rules"]:
            name = rule.get("alert") or rule.get("record")
            checks.append((f"alert: {name}", rule["expr"].strip(), bool_form(rule["expr"].strip())))

    # Canaries: a misspelt metric and a label value nobody exports. Both must be caught, or the check
    # itself is broken.
    canaries = [
        ("canary: misspelt metric", "rediclaim_gate_queue_lenght", "rediclaim_gate_queue_lenght"),
        ("canary: no such event", 'rediclaim_gate_queue_length{event="0"}', 'rediclaim_gate_queue_length{event="0"}'),
    ]

    rows, failures = [], []
    for where, expr, evaluated in checks + canaries:
        unknown = sorted(metric_names(expr) - exported)
        try:
            count = series_count(args.prometheus, evaluated)
            error = ""
        except Exception as e:  # reported in the table, and a failure
            count, error = 0, str(e)
        verdict = "ok"
        if unknown:
            verdict = "unknown metric " + ", ".join(unknown)
        elif error:
            verdict = "error: " + error
        elif count == 0:
            verdict = "no series"
        if where.startswith("canary"):
            if verdict == "ok":
                failures.append(f"{where} was not caught: the check cannot fail")
            verdict = f"caught ({verdict}), as it must be"
        elif verdict != "ok":
            failures.append(f"{where}: {verdict}\n    {evaluated}")
        rows.append((where, " ".join(evaluated.split()), count, verdict))

    # Prometheus evaluated the rules itself during the run: any evaluation error shows here.
    rule_rows = []
    for group in get(args.prometheus, "/api/v1/rules")["data"]["groups"]:
        for rule in group["rules"]:
            rule_rows.append((rule["name"], rule.get("health"), rule.get("state", ""), rule.get("lastError", "")))
            if rule.get("health") != "ok":
                failures.append(f"rule {rule['name']}: health {rule.get('health')} {rule.get('lastError', '')}")
    expected_rules = sum(len(g["rules"]) for g in rules["groups"])
    if len(rule_rows) != expected_rules:
        failures.append(f"Prometheus loaded {len(rule_rows)} rules, the file has {expected_rules}")

    print("| query | series | verdict |")
    print("| --- | --- | --- |")
    for where, evaluated, count, verdict in rows:
        print(f"| {where}<br>`{evaluated.replace('|', '&#124;')}` | {count} | {verdict} |")
    print()
    print("Rules as Prometheus evaluated them during the run:")
    print()
    print("| rule | health | state |")
    print("| --- | --- | --- |")
    for name, health, state, error in rule_rows:
        print(f"| {name} | {health}{(' ' + error) if error else ''} | {state} |")
    print()
    passed = sum(1 for row in rows if row[3] == "ok")
    print(f"{passed} of {len(checks)} queries return series and name only exported metrics; "
          f"{len(canaries)} canaries that must fail were caught.")
    if failures:
        print("\nFAILED:\n" + "\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
