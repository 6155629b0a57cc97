# Rediclaim: one image with the three executables (rediclaim-gate, rediclaim-issuer, rediclaimctl).
#
#   docker build -t rediclaim:dev .
#
# Base: Ubuntu 24.04 "noble" for both stages. Noble ships librdkafka 2.3.0; Debian bookworm's 2.0.2
# mis-parses the tagged fields of ApiVersions v3 replies from newer brokers ("Protocol read buffer
# underflow for ApiVersion v3"), so the Kafka client needs librdkafka >= 2.1. Builder and runtime use the
# same distro release, so the sonames the binaries were linked against are the ones installed below.

ARG SWIFT_IMAGE=swift:6.3.1-noble
ARG RUNTIME_IMAGE=ubuntu:24.04

# ---- build ---------------------------------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build

# Headers and pkg-config files of the three C libraries (Package.swift's system-library providers).
# Unpinned on purpose: the distro release is the pin; exact versions vanish from the archive.
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -y -q --no-install-recommends \
        libhiredis-dev \
        librdkafka-dev \
        libmariadb-dev \
        pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src

# Dependencies first, in their own layer: resolving is slow and changes rarely.
COPY Package.swift ./
RUN swift package resolve

COPY . .

# --static-swift-stdlib links the Swift runtime and Foundation into each binary, so the runtime
# stage needs no Swift toolchain.
# The SQL migrations and Lua scripts ship as a resource bundle that must sit next to the binaries.
RUN for product in rediclaim-gate rediclaim-issuer rediclaimctl; do \
        swift build -c release --static-swift-stdlib --product "$product" || exit 1; \
    done \
    && mkdir -p /out \
    && bin="$(swift build -c release --show-bin-path)" \
    && cp "$bin/rediclaim-gate" "$bin/rediclaim-issuer" "$bin/rediclaimctl" /out/ \
    && cp -R "$bin"/Rediclaim_RediclaimStore.resources /out/ \
    && cp /usr/libexec/swift/linux/swift-backtrace-static /out/

# ---- runtime -------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime

# Only the shared libraries the binaries load (checked by Tests/DeploymentTests against `ldd`).
# libhiredis1.1.0 is hiredis 1.2 (the code uses only calls that 0.14 and 1.x share); librdkafka1 is 2.3.0.
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
EXPOSE 8080 9100
CMD ["rediclaim-gate"]
