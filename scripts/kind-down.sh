#!/usr/bin/env bash
# Removes the local Kind cluster that scripts/kind-up.sh created, with everything in it
# (its volumes too). The rediclaim:dev image stays in Docker.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

CLUSTER=rediclaim # metadata name in k8s/kind/cluster.yaml

KUBECTL_BIN=$(command -v kubectl || true)
if [ -z "$KUBECTL_BIN" ] && [ -x "$VENV/bin/kubectl" ]; then
    KUBECTL_BIN="$VENV/bin/kubectl"
fi
missing=()
command -v docker >/dev/null 2>&1 || missing+=("docker (Docker Engine or Docker Desktop)")
command -v kind >/dev/null 2>&1 || missing+=("kind (kind.sigs.k8s.io)")
[ -n "$KUBECTL_BIN" ] || missing+=("kubectl (or run scripts/setup.sh, which installs one in .run/venv/bin)")
if ((${#missing[@]})); then
    printf 'error: missing tools:\n' >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 1
fi
docker info >/dev/null 2>&1 ||
    die "docker is installed but its daemon does not answer (is it running, and may this user use it?)"

step "Kind cluster '$CLUSTER'"
clusters=$(kind get clusters 2>/dev/null || true)
if grep -qx "$CLUSTER" <<<"$clusters"; then
    kind delete cluster --name "$CLUSTER"
    say "removed"
else
    say "not there: nothing to remove"
fi
