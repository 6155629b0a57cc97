# Rediclaim: one image with the three executables (rediclaim-gate, rediclaim-issuer, rediclaimctl).
#
#   docker build -t rediclaim:dev .
#
# Base: Debian 13 "trixie" for every stage. trixie ships librdkafka 2.8; the Kafka client needs >= 2.1
# (bookworm's 2.0.2 mis-parses the tagged fields of ApiVersions v3 replies from newer brokers: "Protocol
# read buffer underflow for ApiVersion v3"). Build and runtime install from the same release, so the
# sonames the binaries were linked against (libhiredis.so.1.1.0, librdkafka.so.1, libmariadb.so.3) are
# the ones the runtime installs.
#
# scripts/image-check.sh rebuilds the build and runtime stages from Debian's archive with debootstrap,
# reading the package lists below, and runs the result; docs/deploy-kind.md says what that proves.

ARG DEBIAN_RELEASE=trixie
ARG SWIFT_VERSION=6.3.1

# ---- toolchain -----------------------------------------------------------------------------------
# swift.org's Debian 12 build of the toolchain: Swift 6.3's release images cover Debian 12, not 13,
# and the Debian 12 build runs on trixie (image-check.sh builds with it in a trixie rootfs).
# Unpacked to /opt/swift, where the development machines have it too. The signature is checked
# against swift.org's published keys.
FROM debian:${DEBIAN_RELEASE} AS toolchain
ARG SWIFT_VERSION
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -y -q --no-install-recommends ca-certificates curl gpg \
    && case "$(dpkg --print-architecture)" in \
        amd64) suffix="" ;; \
        arm64) suffix="-aarch64" ;; \
        *) echo "no Swift toolchain for $(dpkg --print-architecture)" >&2; exit 1 ;; \
    esac \
    && name="swift-${SWIFT_VERSION}-RELEASE" \
    && url="https://download.swift.org/swift-${SWIFT_VERSION}-release/debian12${suffix}/${name}/${name}-debian12${suffix}.tar.gz" \
    && curl -fsSL -o /tmp/swift.tar.gz "$url" -o /tmp/swift.tar.gz.sig "$url.sig" \
    && GNUPGHOME="$(mktemp -d)" && export GNUPGHOME \
    && curl -fsSL https://swift.org/keys/all-keys.asc | gpg --batch --quiet --import - \
    && gpg --batch --verify /tmp/swift.tar.gz.sig /tmp/swift.tar.gz \
    && mkdir -p /opt/swift \
    && tar -xzf /tmp/swift.tar.gz -C /opt/swift --strip-components=1 \
    && chmod -R o+rX /opt/swift \
    && rm -rf "$GNUPGHOME" /tmp/swift.tar.gz /tmp/swift.tar.gz.sig /var/lib/apt/lists/*

# ---- build ---------------------------------------------------------------------------------------
FROM debian:${DEBIAN_RELEASE} AS build

# Unpinned on purpose: the Debian release is the pin; exact versions vanish from the archive.
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -y -q --no-install-recommends \
        # Compiling and linking: the toolchain's clang uses gcc's crt files and libgcc, glibc's
        # headers, libstdc++ (-lstdc++ with --static-swift-stdlib) and gold (the driver's linker).
        binutils \
        binutils-gold \
        gcc \
        libc6-dev \
        libstdc++-14-dev \
        # Libraries the toolchain's own programs load (swift-frontend, swift-build).
        libcurl4t64 \
        libncurses6 \
        libsqlite3-0 \
        libuuid1 \
        libxml2 \
        zlib1g \
        # SwiftPM resolves dependencies with git; pkg-config finds the C libraries below.
        git \
        ca-certificates \
        pkg-config \
        tzdata \
        # Headers and pkg-config files of the three C libraries (Package.swift's system-library providers).
        libhiredis-dev \
        librdkafka-dev \
        libmariadb-dev \
    && rm -rf /var/lib/apt/lists/*

COPY --from=toolchain /opt/swift /opt/swift
ENV PATH=/opt/swift/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

WORKDIR /src

# Dependencies first, in their own layer: resolving is slow and changes rarely.
COPY Package.swift ./
RUN swift package resolve

COPY . .

# --static-swift-stdlib links the Swift runtime and Foundation into each binary, so the runtime
# stage needs no Swift toolchain.
# The SQL migrations and Lua scripts ship as resource bundles that must sit next to the binaries.
RUN for product in rediclaim-gate rediclaim-issuer rediclaimctl; do \
        swift build -c release --static-swift-stdlib --product "$product" || exit 1; \
    done \
    && mkdir -p /out \
    && bin="$(swift build -c release --show-bin-path)" \
    && cp "$bin/rediclaim-gate" "$bin/rediclaim-issuer" "$bin/rediclaimctl" /out/ \
    && cp -R "$bin"/*.resources /out/ \
    && cp /opt/swift/usr/libexec/swift/linux/swift-backtrace-static /out/

# ---- runtime -------------------------------------------------------------------------------------
FROM debian:${DEBIAN_RELEASE}-slim AS runtime

# Only the shared libraries the binaries load (checked by Tests/DeploymentTests against `ldd`, and
# by scripts/image-check.sh, which runs the binaries in a rootfs with exactly these packages).
# libhiredis1.1.0 is hiredis 1.2; librdkafka1 is 2.8; libmariadb3 is Connector/C 3.4.
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -y -q --no-install-recommends \
        libhiredis1.1.0 \
        librdkafka1 \
        libmariadb3 \
        libstdc++6 \
        ca-certificates \
        tzdata \
    && rm -rf /var/lib/apt/lists/*

# A fixed numeric uid, so Kubernetes' runAsNonRoot can verify it without resolving names.
RUN groupadd --system --gid 10001 rediclaim \
    && useradd --system --uid 10001 --gid rediclaim --no-create-home --shell /usr/sbin/nologin rediclaim

COPY --from=build /out/ /usr/local/bin/

# Crash backtraces without a toolchain in the image.
ENV SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/local/bin/swift-backtrace-static

USER 10001:10001
# The gate's public port and ops port (gate.opsPort), the issuer's ops port.
EXPOSE 8080 9101 9100
CMD ["rediclaim-gate"]
