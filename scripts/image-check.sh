#!/usr/bin/env bash
# Rebuilds the Dockerfile's image without Docker, from Debian's archive, and runs it (docs/deploy-kind.md):
#   1. build stage: a debootstrap rootfs of its Debian base with the packages its RUNs install (read
#      from the Dockerfile), this machine's toolchain where the stage copies the toolchain stage's,
#      then its WORKDIR, COPY, ENV and RUN steps in a chroot: the binaries, --static-swift-stdlib;
#   2. runtime stage: the same from its base and packages, then its RUN (the user), COPY --from=build,
#      ENV and USER;
#   3. in the runtime rootfs, read-only with a tmpfs /tmp as the pods have it, as the image's USER: each
#      binary's --help and --print-config, rediclaimctl migrate and topics create, the issuer and the
#      gate on loopback against the local stack (Redis: one of its own with a password, as the pods'),
#      a k6 spike of IMAGE_USERS users, rediclaimctl verify;
#   4. the runtime rootfs's size and each binary's ldd inside it.
# Rootfs are cached under .run/image/, keyed by release and package list: a second run takes seconds.
# Needs root (debootstrap, chroot, mount) and Debian's archive.
#   scripts/image-check.sh                    everything
#   scripts/image-check.sh --packages STAGE   the packages STAGE installs, as read from the Dockerfile
# Settings: IMAGE_USERS (300), IMAGE_STOCK (100), IMAGE_RATE (200), IMAGE_GATE_PORT (8098),
# IMAGE_OPS_PORT (9108), IMAGE_GATE_OPS_PORT (9118), IMAGE_REDIS_PORT (6418), DEBIAN_MIRROR
# (http://deb.debian.org/debian); stack ports as scripts/stack.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
source scripts/lib/dockerfile.sh

DOCKERFILE=Dockerfile
if [ "${1:-}" = --packages ]; then
    [ -n "${2:-}" ] || die "usage: scripts/image-check.sh --packages STAGE"
    dockerfile_apt_packages "$DOCKERFILE" "$2"
    exit 0
fi
[ "$#" -eq 0 ] || die "usage: scripts/image-check.sh [--packages STAGE]"
[ "$(id -u)" -eq 0 ] || die "image-check needs root: debootstrap, chroot and mount"

USERS="${IMAGE_USERS:-300}"
STOCK="${IMAGE_STOCK:-100}"
RATE="${IMAGE_RATE:-200}"
GATE_PORT="${IMAGE_GATE_PORT:-8098}"
OPS_PORT="${IMAGE_OPS_PORT:-9108}"
GATE_OPS_PORT="${IMAGE_GATE_OPS_PORT:-9118}"
IMAGE_REDIS_PORT="${IMAGE_REDIS_PORT:-6418}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
IMG_DIR="$RUN_DIR/image"
LOGS="$IMG_DIR/logs"
# Progress lines of swift build and package resolution, and gold's note on static Foundation's use of
# mktemp (the toolchain's library, not this code): in the stage logs, not on the screen.
QUIET='^\[[0-9]+/[0-9]+\] (Compiling|Write|Emitting|Linking|Applying)|^(Fetching|Fetched|Computing|Computed|Creating working copy|Working copy of) |use of .mktemp. is dangerous'
# What a Debian image's PATH is; an ENV PATH in a stage replaces it.
DEFAULT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
started=$SECONDS
mkdir -p "$IMG_DIR/rootfs" "$IMG_DIR/debs" "$LOGS"

exec 9>"$IMG_DIR/lock"
flock -n 9 || die "another image-check is running (lock $IMG_DIR/lock)"

elapsed() { say "($((SECONDS - $1)) s)"; }

# ---- mounts ----------------------------------------------------------------------------------------
# Every mount this run made, unmounted in reverse order on any exit. Bind mounts of this machine's
# directories are read-only, so nothing in a chroot can write to them.
MOUNTS=()
CHILDREN=()
mounts_under() { awk -v d="$1" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r; }
unmount_all() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount "${MOUNTS[i]}" 2>/dev/null || umount -l "${MOUNTS[i]}" || true
    done
    MOUNTS=()
}
cleanup() {
    local pid
    for pid in "${CHILDREN[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${CHILDREN[@]}"; do wait "$pid" 2>/dev/null || true; done
    unmount_all
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A run that was killed may have left mounts behind: they go before anything under .run/image is touched.
for m in $(mounts_under "$IMG_DIR"); do umount "$m" 2>/dev/null || umount -l "$m"; done

mnt() { mount "$@"; MOUNTS+=("${*: -1}"); }
bind_ro() {
    mkdir -p "$2"
    mnt --bind "$1" "$2"
    mount -o remount,bind,ro "$2"
}
# Refuses to delete a directory with anything mounted below it (a bind of /opt/swift, say).
remove_tree() {
    [ -z "$(mounts_under "$1")" ] || die "refusing to delete $1: something is mounted below it"
    rm -rf "$1"
}

# proc, a private /dev with the usual nodes, read-only sys; what a container runtime gives a process.
system_mounts() {
    local root=$1
    mnt -t proc proc "$root/proc"
    mnt -t tmpfs -o mode=755,size=1m,nosuid tmpfs "$root/dev"
    mknod -m 666 "$root/dev/null" c 1 3
    mknod -m 666 "$root/dev/zero" c 1 5
    mknod -m 666 "$root/dev/full" c 1 7
    mknod -m 666 "$root/dev/random" c 1 8
    mknod -m 666 "$root/dev/urandom" c 1 9
    mknod -m 666 "$root/dev/tty" c 5 0
    ln -s /proc/self/fd "$root/dev/fd"
    ln -s /proc/self/fd/0 "$root/dev/stdin"
    ln -s /proc/self/fd/1 "$root/dev/stdout"
    ln -s /proc/self/fd/2 "$root/dev/stderr"
    mkdir -p "$root/dev/shm" "$root/dev/pts"
    mnt -t tmpfs -o mode=1777,size=64m,nosuid,nodev tmpfs "$root/dev/shm"
    bind_ro /sys "$root/sys"
}

# ---- stages ----------------------------------------------------------------------------------------
# debian:trixie and debian:trixie-slim -> trixie (slim is minbase with documentation removed).
debian_suite() {
    local base=$1 suite
    case "$base" in
    debian:*) suite=${base#debian:}; suite=${suite%-slim} ;;
    *) die "stage base $base is not a Debian image: debootstrap cannot reproduce it" ;;
    esac
    [ -f "/usr/share/debootstrap/scripts/$suite" ] || die "debootstrap does not know the release '$suite'"
    echo "$suite"
}

# A cached minbase rootfs of $2 with the packages of stage $1; prints its path.
stage_rootfs() {
    local stage=$1 suite=$2 packages key dir
    packages=$(dockerfile_apt_packages "$DOCKERFILE" "$stage" | sort -u | paste -sd, -)
    key=$(printf '%s %s %s' "$suite" "$packages" "$MIRROR" | sha256sum | cut -c1-12)
    dir="$IMG_DIR/rootfs/$stage-$suite-$key"
    if [ -f "$dir/.complete" ]; then
        say "$stage rootfs: cached ($dir)" >&2
    else
        say "$stage rootfs: debootstrap --variant=minbase $suite + ${packages//,/ }" >&2
        local t=$SECONDS
        # A second try, from the downloads the first one kept, rides out a mirror hiccup.
        local attempt
        for attempt in 1 2; do
            remove_tree "$dir.tmp"
            debootstrap --variant=minbase --include="$packages" --cache-dir="$IMG_DIR/debs" \
                "$suite" "$dir.tmp" "$MIRROR" >"$LOGS/debootstrap-$stage.log" 2>&1 && break
            tail -n 20 "$LOGS/debootstrap-$stage.log" >&2
            [ "$attempt" = 1 ] || die "debootstrap of the $stage stage failed; see $LOGS/debootstrap-$stage.log"
            say "debootstrap failed; trying once more" >&2
        done
        touch "$dir.tmp/.complete"
        # Older rootfs of this stage (another package list) are stale.
        local old
        for old in "$IMG_DIR/rootfs/$stage"-*; do
            [ "$old" = "$dir.tmp" ] || [ ! -d "$old" ] || remove_tree "$old"
        done
        mv "$dir.tmp" "$dir"
        say "$stage rootfs: built in $((SECONDS - t)) s" >&2
    fi
    echo "$dir"
}

# The build context's filter, from .dockerignore: Docker anchors patterns at the context root unless
# they start with **/.
context_filter() {
    local line
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%%#*}
        line=$(echo "$line" | xargs)
        [ -n "$line" ] || continue
        case "$line" in
        '!'*) die ".dockerignore exception '$line': image-check does not handle exceptions" ;;
        '**/'*) echo "- ${line#\*\*/}" ;;
        *) echo "- /$line" ;;
        esac
    done <.dockerignore
}

# Runs one stage's instructions into rootfs $2. Sets STAGE_ENV, STAGE_USER, STAGE_CMD for the caller.
STAGE_ENV=()
STAGE_USER=""
STAGE_CMD=""
run_stage() {
    local stage=$1 root=$2 workdir=/ keyword args path_env=$DEFAULT_PATH
    STAGE_ENV=()
    STAGE_USER=""
    STAGE_CMD=""
    : >"$LOGS/$stage.log"
    while IFS= read -r line; do
        keyword=${line%% *}
        keyword=${keyword^^}
        args=${line#* }
        case "$keyword" in
        ARG | EXPOSE) ;;
        WORKDIR)
            workdir=$args
            mkdir -p "$root$workdir"
            ;;
        ENV)
            [[ "$args" =~ ^[A-Za-z_][A-Za-z0-9_]*=[^[:space:]]*$ ]] || die "$stage: ENV $args: only one NAME=value without spaces is handled"
            if [[ "$args" == PATH=* ]]; then path_env=${args#PATH=}; else STAGE_ENV+=("$args"); fi
            ;;
        USER) STAGE_USER=$args ;;
        CMD) STAGE_CMD=$args ;;
        COPY)
            local words=() from="" dest
            read -ra words <<<"$args"
            if [[ "${words[0]}" == --from=* ]]; then from=${words[0]#--from=}; words=("${words[@]:1}"); fi
            [ "${#words[@]}" -eq 2 ] || die "$stage: COPY $args: one source and one destination expected"
            dest=${words[1]}
            [[ "$dest" == /* ]] || dest="$workdir/$dest"
            case "$from" in
            "") copy_context "${words[0]}" "$root$dest" ;;
            toolchain) mount_toolchain "${words[0]}" "$root$dest" ;;
            build)
                mkdir -p "$root$dest"
                cp -a "$BUILD_ROOT${words[0]%/}/." "$root$dest/"
                say "COPY --from=build ${words[0]} $dest"
                ;;
            *) die "$stage: COPY --from=$from: unknown stage" ;;
            esac
            ;;
        RUN)
            if [[ "$args" == *"apt-get install"* ]]; then
                say "RUN apt-get install ...: the packages came with debootstrap"
                continue
            fi
            say "RUN ${args:0:100}$([ ${#args} -gt 100 ] && echo ...)"
            # shellcheck disable=SC2016 # $1 and $2 are the inner shell's
            chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb PATH="$path_env" "${STAGE_ENV[@]}" \
                /bin/sh -c 'cd "$1" && eval "$2"' sh "$workdir" "$args" </dev/null 2>&1 |
                tee -a "$LOGS/$stage.log" | { grep -vE "$QUIET" || true; }
            [ "${PIPESTATUS[0]}" -eq 0 ] || die "$stage: RUN failed; see $LOGS/$stage.log"
            ;;
        *) die "$stage: $keyword is not an instruction image-check knows" ;;
        esac
    done < <(dockerfile_stage "$DOCKERFILE" "$stage")
}

copy_context() {
    local source=$1 dest=$2
    mkdir -p "$dest"
    if [ "$source" = . ]; then
        # --delete keeps the copy equal to the context; what the filter excludes (.build/) survives.
        rsync -a --delete --filter="merge $IMG_DIR/context.filter" ./ "$dest/"
    else
        rsync -a "$source" "$dest/"
    fi
    say "COPY $source -> ${dest#"$BUILD_ROOT"}"
}

# The toolchain stage downloads swift.org's tarball, which this machine cannot fetch; its own toolchain,
# read-only at the same path, stands in, once its version is the one the Dockerfile names.
mount_toolchain() {
    local source=$1 dest=$2 version
    [ -x "$source/usr/bin/swift" ] || die "no Swift toolchain at $source on this machine (the toolchain stage's $source)"
    bind_ro "$source" "$dest"
    version=$(chroot "$BUILD_ROOT" "${dest#"$BUILD_ROOT"}/usr/bin/swift" --version </dev/null 2>&1 | head -n 1)
    [[ "$version" == *"swift-$SWIFT_VERSION-RELEASE"* ]] ||
        die "the toolchain at $source is '$version', the Dockerfile wants $SWIFT_VERSION"
    say "COPY --from=toolchain: this machine's $source, read-only ($version)"
}

# The local package mirror: the insteadOf rules of this machine's git config, and their directories
# read-only at the same paths. Only those rules go into the chroot.
mount_package_mirror() {
    local root=$1 key value dir
    : >"$root/etc/gitconfig"
    while read -r key value; do
        git config --file "$root/etc/gitconfig" --add "$key" "$value"
        dir=${key#url.}
        dir=${dir%.insteadof}
        if [[ "$dir" == /* ]] && [ -d "$dir" ] && [ -z "$(mounts_under "$root$dir")" ]; then
            bind_ro "$dir" "$root$dir"
            say "package mirror: $dir, read-only (git: $value -> $dir)"
        fi
    done < <(git config --system --get-regexp '^url\..*\.insteadof$' 2>/dev/null
        git config --global --get-regexp '^url\..*\.insteadof$' 2>/dev/null)
}

# ---- 1. build stage --------------------------------------------------------------------------------
for tool in debootstrap rsync chroot; do
    command -v "$tool" >/dev/null 2>&1 || {
        say "installing $tool"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$tool" >/dev/null
    }
done
SWIFT_VERSION=$(dockerfile_arg "$DOCKERFILE" SWIFT_VERSION)
context_filter >"$IMG_DIR/context.filter"

step "1. build stage ($(dockerfile_stage_base "$DOCKERFILE" build))"
t1=$SECONDS
suite=$(debian_suite "$(dockerfile_stage_base "$DOCKERFILE" build)")
BUILD_ROOT=$(stage_rootfs build "$suite")
system_mounts "$BUILD_ROOT"
mount_package_mirror "$BUILD_ROOT"
[ -z "$(mounts_under "$BUILD_ROOT/out")" ] && rm -rf "$BUILD_ROOT/out"
run_stage build "$BUILD_ROOT"
unmount_all
[ -d "$BUILD_ROOT/out" ] || die "the build stage made no /out"
elapsed "$t1"

# ---- 2. runtime stage ------------------------------------------------------------------------------
step "2. runtime stage ($(dockerfile_stage_base "$DOCKERFILE" runtime))"
t2=$SECONDS
suite=$(debian_suite "$(dockerfile_stage_base "$DOCKERFILE" runtime)")
base=$(stage_rootfs runtime "$suite")
RT="$IMG_DIR/runtime"
remove_tree "$RT"
cp -a "$base" "$RT"
rm -f "$RT/.complete"
system_mounts "$RT"
run_stage runtime "$RT"
unmount_all
# As the stage's `rm -rf /var/lib/apt/lists/*`; debootstrap also leaves its .debs.
rm -rf "$RT"/var/lib/apt/lists/* "$RT"/var/cache/apt/archives/*.deb
[ -n "$STAGE_USER" ] || die "the runtime stage sets no USER"
RUNTIME_ENV=("${STAGE_ENV[@]}")
RUNTIME_USER=$STAGE_USER
uid=${RUNTIME_USER%%:*}
gid=${RUNTIME_USER#*:}
[ "$uid" != 0 ] || die "the runtime USER is root"
grep -q "^[^:]*:[^:]*:$uid:$gid:" "$RT/etc/passwd" || die "uid $uid (gid $gid) is not in the runtime's /etc/passwd"
# shellcheck disable=SC2016 # dpkg-query's format
say "C libraries: $(chroot "$RT" dpkg-query -W -f '${Package} ${Version}, ' libhiredis1.1.0 librdkafka1 libmariadb3 </dev/null)"
say "USER $RUNTIME_USER ($(awk -F: -v u="$uid" '$3 == u {print $1}' "$RT/etc/passwd")), CMD $STAGE_CMD"
elapsed "$t2"

# ---- 3. run it -------------------------------------------------------------------------------------
step "3. the image's binaries as uid $uid, root filesystem read-only"
t3=$SECONDS
# Without fd 9: the servers stack.sh starts would hold the lock for as long as they run.
SKIP_BUILD=1 scripts/setup.sh >"$LOGS/setup.log" 2>&1 9>&- || { tail -n 20 "$LOGS/setup.log" >&2; die "scripts/setup.sh failed"; }
scripts/stack.sh up 9>&-
export_stack_env

# The pods' mounts: the ConfigMap's settings file and the secret files, under the same paths.
stamp="$(date +%s)-$$"
POD="$IMG_DIR/pod"
remove_tree "$POD"
mkdir -p "$POD/config" "$POD/secrets" "$RT/etc/rediclaim/config" "$RT/etc/rediclaim/secrets"
cp k8s/base/config/rediclaim.yaml "$POD/config/rediclaim.yaml"
printf '%s' "image-check-ticket-secret-$(date +%s)-0123456789abcdef" >"$POD/secrets/gate-ticket-secret"
printf '%s' "image-check-admin-$stamp-0123456789abcdef" >"$POD/secrets/gate-admin-token"
printf '%s' "image-check-jwt-secret-$stamp-0123456789abcdef" >"$POD/secrets/gate-jwt-secret"
printf '%s' "$MYSQL_PASSWORD" >"$POD/secrets/mysql-password"
# The pods' Redis requires a password (k8s/base/redis.yaml) and the stack's does not: this run gets a
# Redis of its own, started the way the manifest starts it (config with requirepass on stdin).
REDIS_PASSWORD="image-check-redis-$stamp"
printf '%s' "$REDIS_PASSWORD" >"$POD/secrets/redis-password"
redis-server - --port "$IMAGE_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$IMG_DIR" \
    --maxmemory 256mb --maxmemory-policy noeviction <<<"requirepass $REDIS_PASSWORD" >"$LOGS/redis.log" 2>&1 9>&- &
CHILDREN+=($!)
check_redis() { redis-cli -p "$IMAGE_REDIS_PORT" ping 2>/dev/null; } # exits 0 once connected, NOAUTH or not
wait_for 10 check_redis || { tail -n 20 "$LOGS/redis.log"; die "the check's Redis did not start on $IMAGE_REDIS_PORT"; }
[ "$(REDISCLI_AUTH="$REDIS_PASSWORD" check_redis)" = PONG ] || die "the check's Redis does not answer PONG with its password"
[ "$(check_redis)" != PONG ] || die "the check's Redis answers without a password"
chmod 0755 "$POD" "$POD/config" "$POD/secrets"
chmod 0644 "$POD/config/rediclaim.yaml" "$POD/secrets/"*

mnt --bind "$RT" "$RT"
mount -o remount,bind,ro "$RT"
system_mounts "$RT"
mnt -t tmpfs -o mode=1777,size=64m,nosuid,nodev tmpfs "$RT/tmp"
bind_ro "$POD/config" "$RT/etc/rediclaim/config"
bind_ro "$POD/secrets" "$RT/etc/rediclaim/secrets"

# In-cluster addresses of the ConfigMap, pointed at the local stack; fresh topics and groups per run.
POD_ENV=(
    REDICLAIM_CONFIG=/etc/rediclaim/config/rediclaim.yaml
    REDICLAIM_MYSQL_PASSWORD_FILE=/etc/rediclaim/secrets/mysql-password
    REDICLAIM_GATE_TICKET_SECRET_FILE=/etc/rediclaim/secrets/gate-ticket-secret
    REDICLAIM_GATE_ADMIN_TOKEN_FILE=/etc/rediclaim/secrets/gate-admin-token
    REDICLAIM_GATE_IDENTITY_JWT_SECRET_FILE=/etc/rediclaim/secrets/gate-jwt-secret
    REDICLAIM_REDIS_PASSWORD_FILE=/etc/rediclaim/secrets/redis-password
    REDICLAIM_REDIS_URL="redis://127.0.0.1:$IMAGE_REDIS_PORT/0"
    REDICLAIM_MYSQL_URL="$REDICLAIM_MYSQL_URL"
    REDICLAIM_KAFKA_BROKERS="$REDICLAIM_KAFKA_BROKERS"
    REDICLAIM_KAFKA_REQUEST_TOPIC="image-$stamp-requested"
    REDICLAIM_KAFKA_RESULT_TOPIC="image-$stamp-result"
    REDICLAIM_KAFKA_DLQ_TOPIC="image-$stamp-dlq"
    REDICLAIM_ISSUER_GROUP_ID="image-$stamp-issuer"
    REDICLAIM_GATE_RESULT_GROUP="image-$stamp-gate"
    REDICLAIM_GATE_HOST=127.0.0.1
    REDICLAIM_GATE_PORT="$GATE_PORT"
    REDICLAIM_GATE_OPS_HOST=127.0.0.1
    REDICLAIM_GATE_OPS_PORT="$GATE_OPS_PORT"
    REDICLAIM_ISSUER_OPS_PORT="$OPS_PORT"
    REDICLAIM_GATE_RATE_LIMIT_IP_PER_SECOND=0
    REDICLAIM_LOG_LEVEL=notice
)
home=$(awk -F: -v u="$uid" '$3 == u {print $6}' "$RT/etc/passwd")
# As the container runtime starts a process: the image's USER, ENV and PATH, nothing from this shell.
# One simple command, so a process started in the background is the binary itself (chroot and env exec).
IMAGE=(chroot --userspec="$uid:$gid" --groups="$gid" "$RT" /usr/bin/env -i PATH="$DEFAULT_PATH" HOME="${home:-/}"
    "${RUNTIME_ENV[@]}" "${POD_ENV[@]}")
in_image() { "${IMAGE[@]}" "$@"; }

in_image sh -c 'touch /probe' 2>/dev/null && die "the root filesystem is writable in the check"
in_image sh -c 'touch /tmp/probe && rm /tmp/probe' || die "/tmp is not writable"
[ "$(in_image id -u)" = "$uid" ] || die "not running as uid $uid"

for binary in rediclaim-gate rediclaim-issuer rediclaimctl; do
    in_image "$binary" --help >"$LOGS/$binary-help.txt" 2>&1 || { cat "$LOGS/$binary-help.txt"; die "$binary --help failed"; }
    say "$binary --help: $(head -n 1 "$LOGS/$binary-help.txt")"
done
in_image rediclaim-gate --print-config >"$LOGS/gate-config.txt" 2>&1 || { cat "$LOGS/gate-config.txt"; die "rediclaim-gate --print-config failed"; }
in_image rediclaim-issuer --print-config >"$LOGS/issuer-config.txt" 2>&1 || { cat "$LOGS/issuer-config.txt"; die "rediclaim-issuer --print-config failed"; }
in_image rediclaimctl migrate --print-config >"$LOGS/ctl-config.txt" 2>&1 || { cat "$LOGS/ctl-config.txt"; die "rediclaimctl migrate --print-config failed"; }
grep -q 'gate.ticketSecret' "$LOGS/gate-config.txt" || die "--print-config does not show gate.ticketSecret"
say "--print-config: $(wc -l <"$LOGS/gate-config.txt") settings; $(grep -E '^redis\.url' "$LOGS/gate-config.txt" | head -n 1)"
# The pods' helpers: the wait-for-deps init containers use bash's /dev/tcp, the gate's preStop sleep.
in_image bash -c "(exec 3<>/dev/tcp/127.0.0.1/$IMAGE_REDIS_PORT) && (exec 3<>/dev/tcp/127.0.0.1/$KAFKA_PORT) && sleep 0" ||
    die "bash /dev/tcp or sleep failed in the image (the manifests' init containers and preStop use them)"
say "bash /dev/tcp and sleep work (init containers, preStop)"

in_image rediclaimctl migrate 2>&1 | sed 's/^/    /'
[ "${PIPESTATUS[0]}" -eq 0 ] || die "rediclaimctl migrate failed"
in_image rediclaimctl topics create 2>&1 | sed 's/^/    /'
[ "${PIPESTATUS[0]}" -eq 0 ] || die "rediclaimctl topics create failed"

# The manifests' command lines: `rediclaim-issuer` and `rediclaim-gate`, nothing more.
"${IMAGE[@]}" rediclaim-issuer >"$LOGS/issuer.log" 2>&1 &
CHILDREN+=($!)
"${IMAGE[@]}" rediclaim-gate >"$LOGS/gate.log" 2>&1 &
CHILDREN+=($!)
wait_for 60 curl -sf "http://127.0.0.1:$GATE_OPS_PORT/readyz" || { tail -n 20 "$LOGS/gate.log"; die "gate not ready"; }
wait_for 60 curl -sf "http://127.0.0.1:$OPS_PORT/readyz" || { tail -n 20 "$LOGS/issuer.log"; die "issuer not ready"; }
wait_for 90 gate_results_assigned "$GATE_OPS_PORT" || { tail -n 20 "$LOGS/gate.log"; die "the gate's result consumer never got partitions"; }
say "gate and issuer ready"

EVENT_ID=$((7000000 + $(date +%s) % 1000000))
in_image rediclaimctl event create --id "$EVENT_ID" --name "image-check $stamp" --stock "$STOCK" --open-at now \
    --close-at +1h --rate "$RATE" --fixed 1000 2>&1 | sed 's/^/    /'
[ "${PIPESTATUS[0]}" -eq 0 ] || die "rediclaimctl event create failed"
say "k6 spike: $USERS users for $STOCK coupons"
set +e
export EVENT_ID
JWT_SECRET=$(cat "$POD/secrets/gate-jwt-secret") BASE_URL="http://127.0.0.1:$GATE_PORT" \
    REDICLAIM_REDIS_PORT="$IMAGE_REDIS_PORT" REDISCLI_AUTH="$REDIS_PASSWORD" \
    OPS_URL="http://127.0.0.1:$GATE_OPS_PORT" USERS=$USERS ARRIVAL_SECONDS=2 DEADLINE_SECONDS=60 \
    ENQUEUE_P99_MS=5000 USER_PREFIX="img$EVENT_ID" SUMMARY_JSON="$LOGS/k6.json" scripts/k6.sh spike >"$LOGS/k6.txt" 2>&1
k6_status=$?
set -e
[ "$k6_status" -eq 0 ] || { tail -n 30 "$LOGS/k6.txt"; die "k6 failed ($k6_status)"; }
say "k6: final statuses $(jq -c '.finalStatus' "$LOGS/k6.json")"
in_image rediclaimctl verify "$EVENT_ID" 2>&1 | tee "$LOGS/verify.txt" | sed 's/^/    /'
[ "${PIPESTATUS[0]}" -eq 0 ] || die "rediclaimctl verify failed"

for pid in "${CHILDREN[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${CHILDREN[@]}"; do wait "$pid" 2>/dev/null || true; done
CHILDREN=()
elapsed "$t3"

# ---- 4. size and libraries -------------------------------------------------------------------------
step "4. runtime rootfs: size and libraries"
for binary in rediclaim-gate rediclaim-issuer rediclaimctl swift-backtrace-static; do
    echo "    ldd /usr/local/bin/$binary"
    in_image ldd "/usr/local/bin/$binary" >"$LOGS/ldd-$binary.txt" 2>&1 || true
    sed 's/^/      /' "$LOGS/ldd-$binary.txt"
    ! grep -q 'not found' "$LOGS/ldd-$binary.txt" || die "$binary: a library is not found in the runtime rootfs"
done
unmount_all
kb() { du -sk "$@" 2>/dev/null | awk '{s += $1} END {print s + 0}'; }
total=$(kb "$RT")
docs=$(kb "$RT/usr/share/doc" "$RT/usr/share/man" "$RT/usr/share/info" "$RT/usr/share/locale")
binaries=$(kb "$RT/usr/local/bin")
say "runtime rootfs: $((total / 1024)) MB; of which /usr/local/bin $((binaries / 1024)) MB;" \
    "docs, man pages and locales $((docs / 1024)) MB (-slim leaves those out: about $(((total - docs) / 1024)) MB)"
find "$RT/usr/local/bin" -mindepth 1 -maxdepth 1 -printf '    %M %10s  %f\n' | sort -k3
say "image-check passed in $((SECONDS - started)) s"
