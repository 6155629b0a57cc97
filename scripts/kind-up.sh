#!/usr/bin/env bash
# Deploys Rediclaim on a local Kind cluster, start to finish (docs/deploy-kind.md):
# creates the cluster from k8s/kind/cluster.yaml (or reuses it), builds the image, loads it into the
# node, applies k8s/kind, waits for every rollout and Job, smoke-tests enqueue + rank through the
# mapped port (with a user's JWT signed inside a gate pod, with the cluster's own secret), checks that
# the ops endpoints stay off the public port, and prints the gate's URL.
#   scripts/kind-up.sh                 everything
#   scripts/kind-up.sh --monitoring    also Prometheus and Grafana (applies k8s/monitoring instead of k8s/kind)
#   SKIP_BUILD=1 scripts/kind-up.sh    reuse the rediclaim:dev image already in Docker
#   WAIT_TIMEOUT=900 scripts/kind-up.sh  seconds to wait for each rollout and Job (default 600)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

CLUSTER=rediclaim              # metadata name in k8s/kind/cluster.yaml
IMAGE=rediclaim:dev            # the tag k8s/kind/kustomization.yaml deploys
NAMESPACE=rediclaim
GATE_URL=http://127.0.0.1:30080  # hostPort in cluster.yaml = nodePort in k8s/kind/patches/gate.yaml
EVENT_ID=1001                  # the example event in k8s/base/events/events.yaml
WAIT_TIMEOUT="${WAIT_TIMEOUT:-600}"
OVERLAY=k8s/kind
case "${1:-}" in
"") ;;
--monitoring) OVERLAY=k8s/monitoring ;; # k8s/kind plus Prometheus and Grafana
*) die "usage: scripts/kind-up.sh [--monitoring]" ;;
esac

# ---- tools -------------------------------------------------------------------------------------
KUBECTL_BIN=$(command -v kubectl || true)
if [ -z "$KUBECTL_BIN" ] && [ -x "$VENV/bin/kubectl" ]; then
    KUBECTL_BIN="$VENV/bin/kubectl" # installed by scripts/setup.sh
fi
missing=()
command -v docker >/dev/null 2>&1 || missing+=("docker (Docker Engine or Docker Desktop)")
command -v kind >/dev/null 2>&1 || missing+=("kind (kind.sigs.k8s.io, e.g. 'go install sigs.k8s.io/kind@latest')")
[ -n "$KUBECTL_BIN" ] || missing+=("kubectl (or run scripts/setup.sh, which installs one in .run/venv/bin)")
command -v curl >/dev/null 2>&1 || missing+=("curl")
if ((${#missing[@]})); then
    printf 'error: missing tools:\n' >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 1
fi
docker info >/dev/null 2>&1 ||
    die "docker is installed but its daemon does not answer (is it running, and may this user use it?)"
# `kind v0.23.0 go1.21 linux/amd64`: kindnet enforces NetworkPolicies from v0.24 on.
kind_minor=$(kind version 2>/dev/null | sed -n 's/^kind v0\.\([0-9]*\)\..*/\1/p')
if [ -n "$kind_minor" ] && [ "$kind_minor" -lt 24 ]; then
    say "warning: kind v0.$kind_minor does not enforce NetworkPolicies (v0.24 does); they are applied but have no effect"
fi

kc() { "$KUBECTL_BIN" --context "kind-$CLUSTER" -n "$NAMESPACE" "$@"; }

# Waits until Job $1 completes; on failure or timeout shows its pods' logs and stops.
wait_job() {
    local job=$1 deadline=$((SECONDS + WAIT_TIMEOUT)) succeeded failed
    while :; do
        succeeded=$(kc get job "$job" -o jsonpath='{.status.succeeded}' 2>/dev/null || true)
        failed=$(kc get job "$job" -o jsonpath='{.status.conditions[?(@.type=="Failed")].status}' 2>/dev/null || true)
        [ "${succeeded:-0}" -ge 1 ] && return 0
        if [ "$failed" = True ] || ((SECONDS > deadline)); then
            kc logs "job/$job" --all-containers --tail=50 >&2 || true
            die "Job $job did not complete (kubectl -n $NAMESPACE describe job $job)"
        fi
        sleep 3
    done
}

# ---- cluster -----------------------------------------------------------------------------------
step "Kind cluster '$CLUSTER'"
reused=0
clusters=$(kind get clusters 2>/dev/null || true)
if grep -qx "$CLUSTER" <<<"$clusters"; then
    say "exists: reusing it (scripts/kind-down.sh removes it)"
    reused=1
    kind export kubeconfig --name "$CLUSTER" # the kind-$CLUSTER context, should it be gone
else
    kind create cluster --config k8s/kind/cluster.yaml --wait 120s
fi

# ---- image -------------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" = 1 ]; then
    step "image $IMAGE (SKIP_BUILD=1: not rebuilt)"
    docker image inspect "$IMAGE" >/dev/null 2>&1 || die "no local image $IMAGE; run without SKIP_BUILD=1"
else
    step "docker build -t $IMAGE ."
    docker build -t "$IMAGE" .
fi
step "kind load docker-image $IMAGE"
kind load docker-image "$IMAGE" --name "$CLUSTER"

# ---- apply -------------------------------------------------------------------------------------
step "kubectl apply -k $OVERLAY"
# A Job's pod template is immutable and a finished Job never runs again: recreate both.
if kc get namespace "$NAMESPACE" >/dev/null 2>&1; then
    kc delete job rediclaim-setup rediclaim-events --ignore-not-found
fi
"$KUBECTL_BIN" --context "kind-$CLUSTER" apply -k "$OVERLAY"

step "waiting for Redis, Kafka and MySQL (first start pulls images and initialises MySQL)"
for sts in redis kafka mysql; do
    kc rollout status "statefulset/$sts" --timeout="${WAIT_TIMEOUT}s"
done

step "Job rediclaim-setup: rediclaimctl migrate, rediclaimctl topics create"
wait_job rediclaim-setup

step "Job rediclaim-events: rediclaimctl event apply"
kc patch job rediclaim-events --type=merge -p '{"spec":{"suspend":false}}'
wait_job rediclaim-events

step "waiting for the gate and the issuer"
if [ "$reused" = 1 ]; then
    # Same tag, new image: only a restart makes the pods pick it up.
    kc rollout restart deployment/rediclaim-gate deployment/rediclaim-issuer
fi
for deploy in rediclaim-gate rediclaim-issuer; do
    kc rollout status "deployment/$deploy" --timeout="${WAIT_TIMEOUT}s"
done
if [ "$OVERLAY" = k8s/monitoring ]; then
    step "waiting for Prometheus and Grafana"
    for deploy in prometheus grafana; do
        kc rollout status "deployment/$deploy" --timeout="${WAIT_TIMEOUT}s"
    done
fi

# ---- smoke check -------------------------------------------------------------------------------
step "smoke check through $GATE_URL"
# Readiness (/readyz) is on the ops port, which the rollout's readiness probe has already seen.
deadline=$((SECONDS + 60))
until curl -fsS --max-time 2 "$GATE_URL/healthz" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$GATE_URL/healthz has not answered 200 within 60 s (is port 30080 mapped? see k8s/kind/cluster.yaml)"
    sleep 1
done

user="kind-smoke-$(date +%s)-$RANDOM"
# A JWT as the shop's login would issue it, signed in a gate pod with the secret the gates verify with.
token=$(kc exec deploy/rediclaim-gate -c gate -- rediclaimctl token --user "$user" --ttl 10m) ||
    die "rediclaimctl token failed in a gate pod (is gate-jwt-secret in Secret rediclaim-secrets?)"
[ -n "$token" ] || die "rediclaimctl token printed no token"
answer=$(curl -sS --max-time 10 -w '\n%{http_code}' -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" -d "{\"eventId\":$EVENT_ID}" "$GATE_URL/enqueue") ||
    die "POST $GATE_URL/enqueue failed"
code=${answer##*$'\n'}
body=${answer%$'\n'*}
[ "$code" = 202 ] || [ "$code" = 200 ] || die "POST /enqueue answered $code: $body"
ticket=$(printf '%s' "$body" | sed -n 's/.*"ticket":"\([^"]*\)".*/\1/p')
[ -n "$ticket" ] || die "POST /enqueue answered without a ticket: $body"
say "enqueue: $code $body"

answer=$(curl -sS --max-time 10 -w '\n%{http_code}' -H "Authorization: Bearer $ticket" \
    "$GATE_URL/rank?eventId=$EVENT_ID&userId=$user") ||
    die "GET $GATE_URL/rank failed"
code=${answer##*$'\n'}
body=${answer%$'\n'*}
[ "$code" = 200 ] || die "GET /rank answered $code: $body"
case "$body" in
*'"status"'*) ;;
*) die "GET /rank answered without a status: $body" ;;
esac
say "rank:    $code $body"

# /metrics and /readyz belong to the ops port (9101), which no Service exposes.
code=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$GATE_URL/metrics" || true)
[ "$code" = 404 ] || die "GET $GATE_URL/metrics answered $code: the public port must not serve metrics"
say "metrics: not on the public port ($code)"

# The issuer has no business with Redis: where NetworkPolicies are enforced, it cannot connect.
if kc exec deploy/rediclaim-issuer -c issuer -- timeout 3 bash -c 'exec 3<>/dev/tcp/redis/6379' >/dev/null 2>&1; then
    say "warning: the issuer reached redis:6379, so NetworkPolicies are not enforced here (kind >= v0.24 enforces them)"
else
    say "network: the issuer cannot reach Redis (NetworkPolicies enforced)"
fi

step "Rediclaim is up"
say "gate:    $GATE_URL  (POST /enqueue with a JWT, GET /rank with the ticket; docs/deploy-kind.md)"
say "token:   $KUBECTL_BIN --context kind-$CLUSTER -n $NAMESPACE exec deploy/rediclaim-gate -c gate -- rediclaimctl token --user u-42"
say "metrics: $KUBECTL_BIN --context kind-$CLUSTER -n $NAMESPACE port-forward deploy/rediclaim-gate 9101:9101, then http://127.0.0.1:9101/metrics"
say "pods:    $KUBECTL_BIN --context kind-$CLUSTER -n $NAMESPACE get pods"
say "load:    scripts/k6-kind.sh"
if [ "$OVERLAY" = k8s/monitoring ]; then
    say "grafana: $KUBECTL_BIN --context kind-$CLUSTER -n $NAMESPACE port-forward svc/grafana 3000:3000"
    say "         then http://127.0.0.1:3000 (dashboard Rediclaim; admin password in Secret grafana-admin)"
    say "prometheus: ... port-forward svc/prometheus 9090:9090, then http://127.0.0.1:9090/alerts"
fi
say "remove:  scripts/kind-down.sh"
