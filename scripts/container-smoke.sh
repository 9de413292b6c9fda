#!/usr/bin/env bash
# Build the article normaliser's image from ./Dockerfile and smoke-test it for real:
# GET /healthz, POST a real page to /v1/normalise and check the article, check the container runs
# as a non-root user and that its HEALTHCHECK passes, then stop it.
#
# With a Docker engine (`docker info` answers) it uses docker. Without one (these machines have
# no engine and no registry) it uses a daemonless recipe, as root:
#   debootstrap   a Debian bookworm root filesystem with Python 3.11, imported under the
#                 python:* names the Dockerfile asks for (bookworm's Python is 3.11, so
#                 python:3.11-slim needs no extra step);
#   buildah       builds with --isolation chroot --format docker (the OCI format drops HEALTHCHECK);
#   podman        runs it with runc, cgroupfs, explicit ulimits and slirp4netns on 127.0.0.1.
# Missing tools are installed with apt-get. Cold: about 90 s plus the installs; warm: seconds
# (the base root filesystem and the build layers are cached in $WORK).
#
# Usage: scripts/container-smoke.sh [CONTEXT_DIR]
# Env:   ENGINE=docker|podman (default: docker when its engine answers), PAGE (page to POST,
#        default the aggregator seed), WORK (cache, default $TMPDIR/container-smoke),
#        HOST_PORT (default: a free port), IMAGE, PYTHON_IMAGE (build argument, optional).
# Last line on success: "SMOKE OK engine=… build_s=… size_bytes=… uid=… title=…".
set -euo pipefail

CONTEXT=$(cd "${1:-$(dirname "$0")/..}" && pwd)
DOCKERFILE=${DOCKERFILE:-$CONTEXT/Dockerfile}
PAGE=${PAGE:-$CONTEXT/tests/fixtures/seeds/000_93d3aa2cde478476.txt}
REFERENCE_TIME=${REFERENCE_TIME:-2025-03-24T12:00:00Z}
WORK=${WORK:-${TMPDIR:-/tmp}/container-smoke}
APP_PORT=${APP_PORT:-8000}
IMAGE=${IMAGE:-localhost/article-normaliser:smoke}
CTR=normaliser-smoke-$$
T0=$SECONDS
log() { printf '[%4ds] %s\n' $((SECONDS - T0)) "$*" >&2; }
die() { log "SMOKE FAILED: $*"; exit 1; }

[ -f "$PAGE" ] || die "no page to POST at $PAGE"
mkdir -p "$WORK"
if [ -z "${HOST_PORT:-}" ]; then
  HOST_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
BUILD_ARGS=()
[ -z "${PYTHON_IMAGE:-}" ] || BUILD_ARGS+=(--build-arg "PYTHON_IMAGE=$PYTHON_IMAGE")
BUILD_ARGS+=(--build-arg "REVISION=$(git -C "$CONTEXT" rev-parse --short HEAD 2>/dev/null || echo unknown)")
BUILD_ARGS+=(--build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)")

apt_install() {
  log "apt-get install $*"
  timeout 600 apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
command -v curl >/dev/null || apt_install curl ca-certificates

if [ -z "${ENGINE:-}" ]; then
  if command -v docker >/dev/null && timeout 20 docker info >/dev/null 2>&1; then ENGINE=docker; else ENGINE=podman; fi
fi
log "engine: $ENGINE"

# ---- podman/buildah: engine configuration and a local python:* base ------------------------------
setup_podman() {
  [ "$(id -u)" = 0 ] || die "the daemonless recipe needs root (no Docker engine answered)"
  export CONTAINERS_CONF=$WORK/containers.conf CONTAINERS_STORAGE_CONF=$WORK/storage.conf
  local need=() p
  for p in buildah podman runc slirp4netns debootstrap; do command -v $p >/dev/null || need+=("$p"); done
  ((${#need[@]} == 0)) || apt_install "${need[@]}"

  # runc (crun refuses some hosts' hybrid cgroup layouts), cgroupfs, file events, ulimits within
  # the host's hard limits (podman without CAP_SYS_RESOURCE caps nproc at 32768), slirp4netns
  local nofile nproc
  nofile=$(ulimit -Hn); [ "$nofile" = unlimited ] && nofile=1048576
  nproc=$(ulimit -Hu); { [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; } && nproc=32768
  cat > "$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
netns = "slirp4netns"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
network_cmd_options = ["port_handler=slirp4netns"]
EOF
  local driver=${STORAGE_DRIVER:-overlay}
  write_storage() { printf '[storage]\ndriver = "%s"\ngraphroot = "%s/storage"\nrunroot = "%s/run"\n' "$1" "$WORK" "$WORK" > "$CONTAINERS_STORAGE_CONF"; }
  write_storage "$driver"
  if [ "$driver" = overlay ] && ! timeout 60 podman info >/dev/null 2>"$WORK/overlay-probe.err"; then
    log "overlay storage unusable ($(tail -1 "$WORK/overlay-probe.err")), using vfs"
    rm -rf "$WORK/storage" "$WORK/run"; write_storage vfs
  fi

  local R=$WORK/rootfs
  if [ ! -e "$R/.ci-rootfs-done" ]; then
    log "debootstrap bookworm minbase + python3 (cached in $R)"
    rm -rf "$R"
    timeout 1200 debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
        bookworm "$R" http://deb.debian.org/debian > "$WORK/debootstrap.log" 2>&1 \
      || { tail -20 "$WORK/debootstrap.log"; die "debootstrap failed"; }
    cat > "$R/etc/apt/sources.list" <<'EOF'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
    ln -sf python3 "$R/usr/bin/python"
    rm -f "$R"/usr/lib/python3*/EXTERNALLY-MANAGED          # behave like python:*-slim
    # trust the host's extra CAs (hosts behind a TLS-intercepting proxy) inside RUN steps too
    cp /usr/local/share/ca-certificates/*.crt "$R/usr/local/share/ca-certificates/" 2>/dev/null || true
    chroot "$R" update-ca-certificates >/dev/null 2>&1
    printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' > "$R/etc/pip.conf"
    chroot "$R" apt-get clean
    rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin "$R"/var/log/*.log "$R"/usr/share/doc/* \
           "$R"/usr/share/man/* "$R"/tmp/* "$R/etc/resolv.conf"
    : > "$R/etc/hostname"
    find "$R/usr" -name __pycache__ -type d -prune -exec rm -rf {} +
    touch "$R/.ci-rootfs-done"
  fi

  # the python:* images the Dockerfile (or PYTHON_IMAGE) asks for become aliases of that base
  local wanted ref
  mapfile -t wanted < <( { grep -ioE '(docker\.io/)?(library/)?python:[A-Za-z0-9._-]+' "$DOCKERFILE"; \
                           [ -z "${PYTHON_IMAGE:-}" ] || echo "$PYTHON_IMAGE"; } \
                         | sed -E 's#^(docker\.io/)?(library/)?##' | sort -u)
  if ! timeout 60 podman image exists localhost/pybase:bookworm; then
    log "importing $R as localhost/pybase:bookworm"
    tar -C "$R" -c . | timeout 600 podman import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]' - localhost/pybase:bookworm \
        > "$WORK/import.log" 2>&1 || { cat "$WORK/import.log"; die "podman import failed"; }
  fi
  for ref in "${wanted[@]}"; do
    case $ref in python:3.11*) ;; *) log "WARNING: $ref will be Debian bookworm's Python 3.11" ;; esac
    timeout 60 podman tag localhost/pybase:bookworm "docker.io/library/$ref"
  done
}

# ---- engine-neutral verbs -------------------------------------------------------------------------
build() {
  if [ "$ENGINE" = docker ]; then
    timeout 2400 docker build "${BUILD_ARGS[@]}" -f "$DOCKERFILE" -t "$IMAGE" "$CONTEXT"
  else
    timeout 2400 buildah bud --pull=never --isolation chroot --format docker --layers \
        "${BUILD_ARGS[@]}" -f "$DOCKERFILE" -t "$IMAGE" "$CONTEXT"
  fi
}
ctl() { "$ENGINE" "$@"; }  # docker and podman take the same verbs here

[ "$ENGINE" = docker ] || setup_podman

# ---- 1. build -------------------------------------------------------------------------------------
log "building $IMAGE from $DOCKERFILE"
bstart=$SECONDS
if ! build > "$WORK/build.log" 2>&1; then
  # runc sometimes fails to start a RUN step ("Close_Fd sealing memfd copy: Device or resource
  # busy"): a transient of the host, not of the Dockerfile; the retry resumes from the cache
  if grep -q 'sealing memfd' "$WORK/build.log"; then
    log "runc could not start a RUN step (memfd busy); retrying the build once"
    build > "$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "build failed (log: $WORK/build.log)"; }
  else
    tail -40 "$WORK/build.log" >&2; die "build failed (log: $WORK/build.log)"
  fi
fi
build_s=$((SECONDS - bstart))
size=$(ctl image inspect "$IMAGE" --format '{{.Size}}')
log "build ok in ${build_s}s; image size $size bytes"
ctl image inspect "$IMAGE" | python3 -c '
import json, sys
image = json.load(sys.stdin)[0]
# podman: top-level Healthcheck; docker: Config.Healthcheck
check = image.get("Healthcheck") or (image.get("Config") or {}).get("Healthcheck")
sys.exit(0 if check and check.get("Test") else 1)' || die "the image has no HEALTHCHECK (an OCI-format build drops it)"

# ---- 2. run ---------------------------------------------------------------------------------------
cleanup() { timeout 60 "${ENGINE}" rm -f "$CTR" >/dev/null 2>&1 || true; }
trap cleanup EXIT
run_opts=(-d --name "$CTR" -p "127.0.0.1:$HOST_PORT:$APP_PORT")
[ "$ENGINE" = docker ] && run_opts+=(--health-interval 2s)
timeout 120 "$ENGINE" run "${run_opts[@]}" "$IMAGE" >/dev/null 2>"$WORK/run.err" \
  || { cat "$WORK/run.err" >&2; die "the container did not start"; }
base=http://127.0.0.1:$HOST_PORT
fail() { ctl logs "$CTR" 2>&1 | tail -40 >&2; die "$*"; }
ok=
for _ in $(seq 1 90); do
  if timeout 3 curl -fsS "$base/healthz" >/dev/null 2>&1; then ok=1; break; fi
  [ "$(ctl inspect "$CTR" --format '{{.State.Running}}')" = true ] || break
  sleep 1
done
[ -n "$ok" ] || fail "no 2xx from $base/healthz"
log "GET /healthz ok"

# ---- 3. a real page in, a real article out ---------------------------------------------------------
answer=$(timeout 30 curl -fsS -X POST -H 'Content-Type: text/plain; charset=utf-8' \
           --data-binary @"$PAGE" "$base/v1/normalise?reference_time=$REFERENCE_TIME") \
  || fail "POST /v1/normalise failed"
title=$(python3 -c '
import json, sys
article = json.loads(sys.argv[1])
assert article.get("title"), "no title in the answer"
assert article.get("body"), "no body in the answer"
assert article["reference_time"] == sys.argv[2], article["reference_time"]
print(article["title"])
' "$answer" "$REFERENCE_TIME") || fail "unexpected answer: ${answer:0:300}"
log "POST /v1/normalise ok: $title"

# ---- 4. non-root, HEALTHCHECK ---------------------------------------------------------------------
uid=$(timeout 30 "$ENGINE" exec "$CTR" id -u) || fail "exec failed"
[ "$uid" != 0 ] || fail "the container runs as root"
if [ "$ENGINE" = docker ]; then
  health=
  for _ in $(seq 1 60); do
    health=$(docker inspect "$CTR" --format '{{.State.Health.Status}}')
    [ "$health" = starting ] || break
    sleep 1
  done
  [ "$health" = healthy ] || fail "HEALTHCHECK status: $health"
else
  timeout 60 podman healthcheck run "$CTR" >/dev/null 2>&1 || fail "the HEALTHCHECK command failed"
fi
log "HEALTHCHECK passed"
echo "SMOKE OK engine=$ENGINE build_s=$build_s size_bytes=$size uid=$uid title=$title"
