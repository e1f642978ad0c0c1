#!/usr/bin/env bash
# Copied from the project reference recipe (shared/reference/docker-ci-recipe.sh); keep in sync by hand.
# docker-ci-recipe.sh - idempotent Docker Engine + single-node swarm for CI on a
# no-internet Debian bookworm VM (no systemd, root). Loopback only, no registry.
#
#   docker-ci-recipe.sh up      install if missing, start dockerd if not running, wait for
#                               readiness, init swarm if not active, import images if missing,
#                               (optionally) start+join loopback worker daemons. Default action.
#   docker-ci-recipe.sh status  show daemons, swarm nodes, images
#   docker-ci-recipe.sh stop    stop worker daemons and the main dockerd (SIGTERM by pidfile,
#                               SIGKILL after 30 s). Swarm state is kept on disk; `up` resumes it.
#   docker-ci-recipe.sh reset   stop, then delete all engine state (/var/lib/docker*, swarm, images)
#   docker-ci-recipe.sh fleet   start DOCKER_CI_FLEET (default 3) extra standalone daemons, each its own single-node
#                               swarm on loopback (/var/run/docker-f$i.sock, /var/lib/docker-f$i, advertised on
#                               127.0.0.$((20+i)), data-path port 4790+i), with the probe images; for the fleet tests.
#                               Needs the engine installed (never installs or switches it); the main swarm is untouched.
#   docker-ci-recipe.sh fleet-stop  stop the fleet daemons and delete their state
#   docker-ci-recipe.sh ns-up   a SEPARATE 5-node swarm for the fault tests (test/engine/faults-*.test.ts), every node in
#                               its own network namespace (/var/run/netns/<node>) with its own hostname (unshare --uts):
#                               managers sp-m1 sp-m2 sp-m3, workers sp-w1 sp-w2, each dockerd started with
#                               `nsenter --net` on /var/run/docker-<node>.sock (pidfile /var/run/docker-<node>.pid, data
#                               root /var/lib/docker-<node>), iptables enabled inside its namespace only. Linked by veth
#                               pairs (host side v<node>) to the bridge br-sp, 10.213.0.0/24 (managers .11-.13, workers
#                               .21-.22; the bridge has no host address, the namespaces no default route: nothing leaves
#                               the machine); overlay subnets from 10.214.0.0/16. Overlay networks span the nodes. The
#                               ingress routing mesh does NOT work on kernels without IPVS (CONFIG_IP_VS unset, as on
#                               these VMs: dockerd logs "Could not get ipvs family information from the kernel").
#                               The main swarm is untouched. Idempotent; ~20 s.
#   docker-ci-recipe.sh ns-stop   stop the namespaced swarm and remove its namespaces, links, bridge and data roots
#   docker-ci-recipe.sh ns-status show the namespaced nodes (daemon, namespace, link state) and the swarm's node list
#   docker-ci-recipe.sh packages  only install the Debian packages the engine tests need (also openssh-server for the
#                               ssh:// tests and openssl for the TLS ones), without starting anything
#
# Environment knobs:
#   DOCKER_CI_ENGINE=28|20.10  which Docker Engine `up` installs and runs (default 28: docker.io 28.5.2 from Debian's
#                         unstable suite, pinned low so nothing else comes from there, with bookworm's runc 1.1.5;
#                         20.10: bookworm's docker.io 20.10.24, the oldest engine Swarm Pilot supports). Switching
#                         stops the daemons, deletes the engine state (a 28 swarm cannot go back to 20.10) and
#                         installs the other engine.
#   DOCKER_CI_WORKERS=N   extra worker daemons (0-8, default 0). Worker i runs its own dockerd
#                         (/var/run/docker-w$i.sock, /var/lib/docker-w$i, pidfile /var/run/docker-w$i.pid) in its own
#                         network namespace /var/run/netns/w$i (started with `nsenter --net`, as ns-up's nodes) with
#                         its own hostname "$(hostname)-w$i" (unshare --uts) and iptables inside that namespace only.
#                         Linked by a veth pair (host side vw$i) to the bridge br-spw, 10.212.0.0/24: the manager
#                         (host namespace, its iptables setting unchanged: the host firewall is never touched)
#                         listens and advertises on the bridge's host address 10.212.0.1, worker i on
#                         10.212.0.$((10+i)); the namespaces have no default route, nothing leaves the machine. Overlay
#                         networks span all nodes. A swarm advertised elsewhere (127.0.0.1, the earlier layout) is
#                         left and re-initialised by `up`; `stop`/`reset` remove the namespaces, links and bridge.
#   DOCKER_CI_TCP=1       main daemon also listens on tcp://127.0.0.1:2375 (no TLS, loopback only)
#   DOCKER_CI_TIMEOUT=60  seconds to wait for each daemon to answer
#   DOCKER_CI_IMAGE=probe/busybox   repository of the local images; tags :1 and :2 (differ by label)
#   DOCKER_CI_REGISTRY=1  also run a real registry (Debian's docker-registry) on 127.0.0.1:5000, push the images there as
#                         127.0.0.1:5000/probe/busybox:1 and :2, and let every daemon pull (tasks of other nodes then
#                         fetch the image from it, `--resolve-image always` pins digests). Default 0: no pulls at all.
#                         Switching it restarts the daemons (their config changes).
#
# After `up`: DOCKER_HOST=unix:///var/run/docker.sock (the default); API 1.51 (Engine 28.5.2) or 1.41 (Engine 20.10.24).
set -euo pipefail

ACTION=${1:-up}
CI_DIR=${DOCKER_CI_DIR:-/var/lib/docker-ci}
WORKERS=${DOCKER_CI_WORKERS:-0}
TCP=${DOCKER_CI_TCP:-0}
TIMEOUT=${DOCKER_CI_TIMEOUT:-60}
IMAGE=${DOCKER_CI_IMAGE:-probe/busybox}
REGISTRY=${DOCKER_CI_REGISTRY:-0}
ENGINE=${DOCKER_CI_ENGINE:-28}
REG_ADDR=127.0.0.1:5000
MAIN_SOCK=/var/run/docker.sock
MAIN_PID=/var/run/docker.pid
DOCKER=/usr/bin/docker            # Debian's client of the installed engine (docker-cli 28.5.2 or docker.io 20.10)
T0=$(date +%s%N)

log() { printf '[docker-ci %6.2fs] %s\n' "$(( ($(date +%s%N) - T0) / 10000000 ))e-2" "$*"; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- apt (waits for other apt users)
apt_retry() {
  local i
  for i in $(seq 1 30); do
    if DEBIAN_FRONTEND=noninteractive "$@" -o DPkg::Lock::Timeout=120; then return 0; fi
    log "apt failed (lock held by another apt/dpkg?) - retry $i/30 in 20 s"
    sleep 20
  done
  return 1
}

# ---------------------------------------------------------------- engine choice (Debian sid's 28.5.2 or bookworm's 20.10)
SID_LIST=/etc/apt/sources.list.d/docker-ci-sid.list
SID_PIN=/etc/apt/preferences.d/docker-ci-sid
engine_wanted() { case "$ENGINE" in 28) echo 28.5.2 ;; 20.10) echo 20.10 ;; *) die "DOCKER_CI_ENGINE must be 28 or 20.10 (got $ENGINE)" ;; esac; }
engine_installed() { { dpkg-query -W -f='${Status} ${Version}' docker.io 2>/dev/null || true; } | sed -n 's/^install ok installed //p'; }
# Debian's unstable suite from the machine's own Debian mirror, at priority 100: only what is named /sid comes from it.
add_sid() {
  local mirror
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
  [ -n "$mirror" ] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  [ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror sid main" > "$SID_LIST"
  printf 'Package: *\nPin: release n=sid\nPin-Priority: 100\n' > "$SID_PIN"
}
# Installs the wanted engine when the installed docker.io is another one (the state of the other goes).
ensure_engine() {
  local want have
  want=$(engine_wanted); have=$(engine_installed)
  case "$have" in "$want"*) return 0 ;; esac
  if [ -n "$have" ]; then
    log "engine: docker.io $have installed, $want wanted -> stopping the daemons and deleting the engine state"
    stop_all; reset
  fi
  local policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; policy_added=1; fi
  if [ "$ENGINE" = 28 ]; then
    add_sid
    log "engine: installing docker.io 28.5.2 from Debian sid (pinned at 100) with bookworm's runc"
    apt_retry apt-get update -qq || die "apt-get update failed"
    apt_retry apt-get install -y -qq --no-install-recommends docker.io/sid containerd/sid tini-static/sid docker-cli/sid runc/bookworm >/dev/null \
      || die "apt-get install docker.io/sid failed"
  else
    log "engine: installing bookworm's docker.io 20.10"
    apt_retry apt-get update -qq || die "apt-get update failed"
    apt_retry apt-get install -y -qq --no-install-recommends --allow-downgrades docker.io/bookworm containerd/bookworm runc/bookworm tini >/dev/null \
      || die "apt-get install docker.io/bookworm failed"
    apt_retry apt-get purge -y -qq docker-cli tini-static >/dev/null 2>&1 || true
  fi
  [ "$policy_added" = 1 ] && rm -f /usr/sbin/policy-rc.d
  have=$(engine_installed)
  case "$have" in "$want"*) log "engine: docker.io $have" ;; *) die "engine: docker.io ${have:-missing} after the install, $want wanted" ;; esac
}

pkgs_missing() {
  local p
  # openssh-server and openssl: the engine group's ssh:// (a loopback sshd) and TLS (certificates made at test time) tests.
  # iproute2 (ip netns, veth, bridge) and util-linux (nsenter, unshare): the namespaced swarm of `ns-up`.
  for p in docker.io busybox-static openssh-server openssl iproute2 util-linux $( [ "$REGISTRY" = 1 ] && echo docker-registry ); do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || { echo "$p"; }
  done
  # docker compose v2 for test/engine/compose-oracle.test.ts: sid's plugin, beside sid's engine only (bookworm's
  # docker-compose is the old Python 1.29).
  if [ "$ENGINE" = 28 ]; then
    dpkg-query -W -f='${Status} ${Version}' docker-compose 2>/dev/null | grep -q '^install ok installed 2\.' || echo docker-compose/sid
  fi
}

install_pkgs() {
  local missing
  missing=$(pkgs_missing | tr "\n" " ")
  if [ -z "$missing" ]; then log "packages present: $(dpkg-query -W -f='${Package} ${Version}  ' docker.io containerd runc busybox-static)"; return; fi
  log "installing: $missing (+ deps, no recommends)"
  # keep the package's sysvinit script from starting a default-configured dockerd
  local policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; policy_added=1; fi
  apt_retry apt-get update -qq || die "apt-get update failed"
  apt_retry apt-get install -y -qq --no-install-recommends $missing >/dev/null || die "apt-get install failed"
  [ "$policy_added" = 1 ] && rm -f /usr/sbin/policy-rc.d
  log "installed: $(dpkg-query -W -f='${Package} ${Version}  ' docker.io containerd runc busybox-static)"
}

# ---------------------------------------------------------------- daemon config / start / stop
# write_config FILE SOCK PIDFILE DATAROOT EXECROOT EXTRA_HOSTS_JSON [IPTABLES=false] ; sets CONFIG_CHANGED=0/1
# IPTABLES=true only for daemons in their own network namespace (ns-up): the host's firewall is never touched.
write_config() {
  local file=$1 sock=$2 pidf=$3 root=$4 exec=$5 extra=$6 ipt=${7:-false} tmp
  mkdir -p "$(dirname "$file")"
  tmp=$(mktemp)
  cat > "$tmp" <<EOF
{
  "bridge": "none",
  "iptables": $ipt,
  "ip-masq": $ipt,
  "storage-driver": "overlay2",
  "exec-opts": ["native.cgroupdriver=cgroupfs"],
  "data-root": "$root",
  "exec-root": "$exec",
  "pidfile": "$pidf",
  "hosts": ["unix://$sock"$extra],
  "registry-mirrors": [],
  "log-driver": "json-file",
  "log-opts": {"max-size": "1m", "max-file": "1"},
  "labels": ["docker-ci.pulls=$REGISTRY"]
}
EOF
  if [ -f "$file" ] && cmp -s "$tmp" "$file"; then rm -f "$tmp"; CONFIG_CHANGED=0; else mv "$tmp" "$file"; CONFIG_CHANGED=1; fi
}

answers() { timeout 5 "$DOCKER" -H "unix://$1" version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; }

# running = exists and not a zombie (PID 1 on these VMs may reap a killed dockerd only much later)
pid_running() { local st; st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1); [ -n "$st" ] && [ "$st" != Z ]; }
pid_alive() { [ -f "$1" ] && pid_running "$(cat "$1")"; }

stop_daemon() {   # stop_daemon NAME PIDFILE
  local name=$1 pidf=$2 pid i
  pid_alive "$pidf" || { log "$name: not running"; return 0; }
  pid=$(cat "$pidf")
  kill -TERM "$pid"
  for i in $(seq 1 300); do pid_running "$pid" || break; sleep 0.1; done
  if pid_running "$pid"; then log "$name: still alive after 30 s, SIGKILL $pid"; kill -KILL "$pid"; sleep 1; fi
  log "$name: stopped (pid $pid)"
}

# start_daemon NAME CONFIG SOCK PIDFILE HOSTNAME(empty = keep) EXECROOT [NETNS]
start_daemon() {
  local name=$1 conf=$2 sock=$3 pidf=$4 host=$5 exec=$6 netns=${7:-} logf="$CI_DIR/$1.log" i
  if answers "$sock"; then
    if [ "$CONFIG_CHANGED" = 1 ]; then log "$name: config changed -> restart"; stop_daemon "$name" "$pidf"
    else log "$name: already running (pid $(cat "$pidf" 2>/dev/null || echo '?'))"; return 0; fi
  elif pid_alive "$pidf"; then
    log "$name: pid $(cat "$pidf") alive but not answering yet - waiting"
    for i in $(seq 1 $((TIMEOUT * 10))); do answers "$sock" && { log "$name: ready"; return 0; }; sleep 0.1; done
    log "$name: never answered - killing it"; stop_daemon "$name" "$pidf"
  fi
  mkdir -p "$CI_DIR"
  # A dockerd/containerd that was SIGKILLed can linger as a zombie of PID 1 for a minute or more;
  # dockerd then refuses to start ("pid file found"). Drop pidfiles whose process is gone/zombie.
  local f
  for f in "$pidf" "$exec/containerd/containerd.pid"; do
    if [ -f "$f" ] && ! pid_alive "$f"; then log "$name: removing stale $f"; rm -f "$f"; fi
  done
  # HTTP(S)_PROXY -> a closed loopback port: any registry lookup/pull fails at once on 127.0.0.1
  # instead of leaving the machine. DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1: swarm tasks use the
  # local image without trying to pull it first.
  local cmd=(/usr/sbin/dockerd --config-file "$conf")
  if [ -n "$host" ]; then cmd=(unshare --uts sh -c "hostname '$host' && exec /usr/sbin/dockerd --config-file '$conf'"); fi
  # nsenter --net, not `ip netns exec`: the latter remounts /sys in a new mount namespace and dockerd then fails with
  # "Devices cgroup isn't mounted". Only the network namespace changes; sockets and data roots stay in the host's files.
  if [ -n "$netns" ]; then cmd=(nsenter "--net=/var/run/netns/$netns" "${cmd[@]}"); fi
  env HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 \
      NO_PROXY= no_proxy= DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=$(( 1 - REGISTRY )) \
      setsid nohup "${cmd[@]}" >> "$logf" 2>&1 < /dev/null &
  local t=$(date +%s%N)
  for i in $(seq 1 $((TIMEOUT * 10))); do
    if answers "$sock"; then log "$name: ready in $(( ($(date +%s%N) - t) / 1000000 )) ms (pid $(cat "$pidf"), log $logf)"; return 0; fi
    sleep 0.1
  done
  tail -20 "$logf" >&2
  die "$name: no answer on $sock after ${TIMEOUT}s"
}

# ---------------------------------------------------------------- images
ensure_images() {   # ensure_images SOCK
  local sock=$1 d=("$DOCKER" -H "unix://$1") tar="$CI_DIR/busybox-rootfs.tar"
  if [ ! -s "$tar" ]; then
    local rf; rf=$(mktemp -d)
    mkdir -p "$rf"/{bin,etc,tmp,proc,sys,dev}
    cp /bin/busybox "$rf/bin/busybox"
    for a in sh sleep httpd ls cat echo ps env hostname id true false wget nc; do ln -sf busybox "$rf/bin/$a"; done
    echo 'root:x:0:0:root:/root:/bin/sh' > "$rf/etc/passwd"; echo 'root:x:0:' > "$rf/etc/group"
    tar -C "$rf" -cf "$tar" . && rm -rf "$rf"
  fi
  "${d[@]}" image inspect "$IMAGE:1" >/dev/null 2>&1 || \
    "${d[@]}" import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' -c 'LABEL probe.version=1' "$tar" "$IMAGE:1" >/dev/null
  "${d[@]}" image inspect "$IMAGE:2" >/dev/null 2>&1 || \
    "${d[@]}" import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' -c 'LABEL probe.version=2' "$tar" "$IMAGE:2" >/dev/null
}

# ---------------------------------------------------------------- registry (DOCKER_CI_REGISTRY=1)
ensure_registry() {
  local pidf="$CI_DIR/registry.pid" i t
  if ! pid_alive "$pidf"; then
    mkdir -p "$CI_DIR/registry"
    printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\nhttp:\n  addr: %s\n' \
      "$CI_DIR/registry" "$REG_ADDR" > "$CI_DIR/registry.yml"
    setsid nohup /usr/bin/docker-registry serve "$CI_DIR/registry.yml" >> "$CI_DIR/registry.log" 2>&1 < /dev/null &
    echo $! > "$pidf"
  fi
  for i in $(seq 1 $((TIMEOUT * 10))); do (exec 3<>"/dev/tcp/${REG_ADDR%:*}/${REG_ADDR#*:}") 2>/dev/null && break; sleep 0.1; done
  for t in 1 2; do
    "$DOCKER" tag "$IMAGE:$t" "$REG_ADDR/$IMAGE:$t" && "$DOCKER" push "$REG_ADDR/$IMAGE:$t" >/dev/null || die "registry: push of $REG_ADDR/$IMAGE:$t failed"
  done
  log "registry: $REG_ADDR (pid $(cat "$pidf"), log $CI_DIR/registry.log) holds $REG_ADDR/$IMAGE:1 and :2"
}

# ---------------------------------------------------------------- swarm
# The main swarm's workers live in their own network namespaces on MAIN_BRIDGE; the manager stays in the host's and
# advertises on the bridge's host address, so overlay (VXLAN) traffic flows between all three nodes.
MAIN_BRIDGE=br-spw
MAIN_NET=10.212.0
MAIN_ADDR=$MAIN_NET.1
worker_addr() { echo "$MAIN_NET.$(( 10 + $1 ))"; }

swarm_init_main() {
  "$DOCKER" swarm init --advertise-addr "$MAIN_ADDR" --listen-addr "$MAIN_ADDR:2377" >/dev/null
  log "swarm: initialised on $MAIN_ADDR (node $("$DOCKER" info --format '{{.Swarm.NodeID}}'))"
}

ensure_swarm() {
  local state addr
  state=$("$DOCKER" info --format '{{.Swarm.LocalNodeState}}')
  addr=$("$DOCKER" info --format '{{.Swarm.NodeAddr}}')
  case "$state" in
    active)
      if [ "$addr" = "$MAIN_ADDR" ]; then log "swarm: already active on $addr (node $("$DOCKER" info --format '{{.Swarm.NodeID}}'))"
      else
        # the earlier layout (workers on loopback addresses of the host's namespace): a new swarm on the bridge
        log "swarm: advertised on $addr, not $MAIN_ADDR -> leave --force and re-init"
        "$DOCKER" swarm leave --force >/dev/null
        swarm_init_main
      fi ;;
    inactive) swarm_init_main ;;
    *)
      log "swarm: state '$state' -> leave --force and re-init"
      "$DOCKER" swarm leave --force >/dev/null 2>&1 || true
      swarm_init_main ;;
  esac
  [ "$("$DOCKER" info --format '{{.Swarm.ControlAvailable}}')" = true ] || die "swarm: this node is not a manager"
}

# in_netns PIDFILE NETNS: the daemon of PIDFILE runs in that network namespace
in_netns() { [ "$(readlink "/proc/$(cat "$1")/ns/net" 2>/dev/null)" = "net:[$(stat -L -c %i "/var/run/netns/$2" 2>/dev/null)]" ]; }

ensure_worker() {   # ensure_worker I
  local i=$1 n="w$1" addr; addr=$(worker_addr "$1")
  local host; host="$(hostname)-w$i"
  ns_link "$n" "$addr" "$MAIN_BRIDGE"
  # a worker daemon of the earlier layout runs in the host's namespace: restart it in its own
  if pid_alive "$(ns_pid "$n")" && ! in_netns "$(ns_pid "$n")" "$n"; then
    log "$n: running outside its network namespace -> restart"; stop_daemon "$n" "$(ns_pid "$n")"
  fi
  ns_daemon "$n" "$host"
  local wstate wnode waddr mstate="" k
  waddr=$(nsd "$n" info --format '{{.Swarm.NodeAddr}}')
  # a membership of the earlier layout: leave at once (waiting for it to settle would wait for a swarm that is gone)
  if [ -n "$waddr" ] && [ "$waddr" != "$addr" ]; then log "$n: advertised on $waddr -> leave"; nsd "$n" swarm leave --force >/dev/null 2>&1 || true; fi
  wstate=$(ns_state "$n")
  wnode=$(nsd "$n" info --format '{{.Swarm.NodeID}}')
  [ -n "$wnode" ] && mstate=$("$DOCKER" node inspect "$wnode" --format '{{.Status.State}}' 2>/dev/null || true)
  if [ "$wstate" = active ] && [ -n "$mstate" ] && [ "$waddr" = "$addr" ]; then
    log "$n: already in swarm as $wnode ($mstate)"
  else
    [ "$wstate" = inactive ] || nsd "$n" swarm leave --force >/dev/null 2>&1 || true
    # forget stale entries for this hostname (left over from an earlier reset or layout)
    for k in $("$DOCKER" node ls --filter "name=$host" --format '{{.ID}} {{.Hostname}} {{.Status}}' | awk -v h="$host" '$2==h && $3!="Ready"{print $1}'); do
      "$DOCKER" node rm --force "$k" >/dev/null || true
    done
    nsd "$n" swarm join --token "$("$DOCKER" swarm join-token -q worker)" \
      --advertise-addr "$addr" --listen-addr "$addr:2377" "$MAIN_ADDR:2377" >/dev/null
    wnode=$(nsd "$n" info --format '{{.Swarm.NodeID}}')
    log "$n: joined as $wnode ($host, $addr, netns /var/run/netns/$n)"
  fi
  for k in $(seq 1 $((TIMEOUT * 10))); do
    [ "$("$DOCKER" node inspect "$wnode" --format '{{.Status.State}}' 2>/dev/null)" = ready ] && return 0; sleep 0.1
  done
  die "$n: node $wnode not Ready after ${TIMEOUT}s"
}

# main_unlink: the workers' namespaces and links and the bridge (`stop` keeps their data roots, `reset` not)
main_unlink() {
  local f n
  for f in /var/run/netns/w*; do
    [ -e "$f" ] || continue
    n=$(basename "$f")
    case "$n" in w[0-9]*) ns_unlink "$n" ;; esac
  done
  ip link del "$MAIN_BRIDGE" 2>/dev/null || true
}

# ---------------------------------------------------------------- fleet (independent single-node swarms)
FLEET=${DOCKER_CI_FLEET:-3}
fleet_sock() { echo "/var/run/docker-f$1.sock"; }
fleet_pid() { echo "/var/run/docker-f$1.pid"; }

ensure_fleet_daemon() {   # ensure_fleet_daemon I
  local i=$1 addr="127.0.0.$(( 20 + $1 ))" sock pidf state
  sock=$(fleet_sock "$i"); pidf=$(fleet_pid "$i")
  local fd=("$DOCKER" -H "unix://$sock")
  write_config "$CI_DIR/f$i.json" "$sock" "$pidf" "/var/lib/docker-f$i" "/var/run/docker-f$i" ""
  start_daemon "f$i" "$CI_DIR/f$i.json" "$sock" "$pidf" "$(hostname)-f$i" "/var/run/docker-f$i"
  ensure_images "$sock"
  state=$("${fd[@]}" info --format '{{.Swarm.LocalNodeState}}')
  if [ "$state" != active ]; then
    [ "$state" = inactive ] || "${fd[@]}" swarm leave --force >/dev/null 2>&1 || true
    # Its own data-path port and address pool: the fleet shares one network namespace with the main swarm.
    "${fd[@]}" swarm init --advertise-addr "$addr" --listen-addr "$addr:2377" --data-path-port $(( 4790 + i )) \
      --default-addr-pool "10.$(( 100 + i )).0.0/16" >/dev/null
  fi
  [ "$("${fd[@]}" info --format '{{.Swarm.ControlAvailable}}')" = true ] || die "f$i: not a swarm manager"
  log "f$i: single-node swarm $("${fd[@]}" info --format '{{.Swarm.NodeID}}') on unix://$sock ($addr)"
}

fleet_up() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  [ -x /usr/sbin/dockerd ] || die "the engine is not installed (run \`$0 up\` or \`packages\` first)"
  case "$FLEET" in ''|*[!0-9]*) die "DOCKER_CI_FLEET must be 1-8 (got $FLEET)" ;; esac
  [ "$FLEET" -ge 1 ] && [ "$FLEET" -le 8 ] || die "DOCKER_CI_FLEET must be 1-8 (got $FLEET)"
  local i
  for i in $(seq 1 "$FLEET"); do ensure_fleet_daemon "$i"; done
  log "fleet: $FLEET daemons up"
}

fleet_stop() {
  local p i m
  for p in /var/run/docker-f*.pid; do
    [ -e "$p" ] || continue
    i=$(basename "$p" .pid | sed 's/^docker-f//')
    case "$i" in ''|*[!0-9]*) continue ;; esac
    stop_daemon "f$i" "$p"
    for m in $(awk -v r="/var/run/docker-f$i" -v l="/var/lib/docker-f$i" 'index($2, r) == 1 || index($2, l) == 1 {print $2}' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
    rm -rf "/var/lib/docker-f$i" "/var/run/docker-f$i" "/var/run/docker-f$i.sock" "$p" "$CI_DIR/f$i.json"
  done
  log "fleet-stop: fleet daemons stopped, their state removed"
}

# ---------------------------------------------------------------- namespaced swarm (ns-up / ns-stop / ns-status)
# A separate swarm for the fault tests: every node (managers too) in its own network namespace on the bridge br-sp,
# so overlay networks span nodes and iptables/the routing mesh run inside the namespaces only. Nothing is routed off
# the machine: the bridge has no host address and the namespaces have no default route.
NS_BRIDGE=br-sp
NS_NET=10.213.0
NS_POOL=10.214.0.0/16   # overlay subnets, apart from the bridge's
NS_NODES="sp-m1:11 sp-m2:12 sp-m3:13 sp-w1:21 sp-w2:22"
ns_sock() { echo "/var/run/docker-$1.sock"; }
ns_pid() { echo "/var/run/docker-$1.pid"; }
ns_root() { echo "/var/lib/docker-$1"; }
ns_exec() { echo "/var/run/docker-$1"; }
ns_veth() { echo "v$1"; }   # host side of node's veth pair (vsp-m1 ...)
nsd() { local n=$1; shift; "$DOCKER" -H "unix://$(ns_sock "$n")" "$@"; }

ns_bridge() {   # ns_bridge NAME [HOSTADDR/PREFIX]: the bridge, up, with the host's address on it (if any)
  ip link show "$1" >/dev/null 2>&1 || ip link add "$1" type bridge
  [ -z "${2:-}" ] || ip addr replace "$2" dev "$1"
  ip link set "$1" up
}

ns_link() {   # ns_link NODE ADDR BRIDGE: netns NODE with eth0 = ADDR/24, its veth peer on BRIDGE
  local n=$1 addr=$2 br=$3 v; v=$(ns_veth "$1")
  [ -e "/var/run/netns/$n" ] || ip netns add "$n"
  if ! ip link show "$v" >/dev/null 2>&1; then
    ip link add "$v" type veth peer name eth0 netns "$n"
  fi
  ip link set "$v" master "$br"   # also a veth that outlived its bridge (ns-stop could not remove a busy netns)
  ip link set "$v" up
  ip -n "$n" link set lo up
  ip -n "$n" addr replace "$addr/24" dev eth0
  ip -n "$n" link set eth0 up
}

ns_daemon() {   # ns_daemon NODE [HOSTNAME (default NODE)]
  local n=$1
  write_config "$CI_DIR/$n.json" "$(ns_sock "$n")" "$(ns_pid "$n")" "$(ns_root "$n")" "$(ns_exec "$n")" "" true
  start_daemon "$n" "$CI_DIR/$n.json" "$(ns_sock "$n")" "$(ns_pid "$n")" "${2:-$n}" "$(ns_exec "$n")" "$n"
  ensure_images "$(ns_sock "$n")"
}

# ns_state NODE: the node's swarm state once it settled. A daemon restarted after a crash (the fault tests SIGKILL
# them) can report "pending" or "error" while it reconnects to the managers; taken for "not in a swarm", `swarm leave
# --force` + init/join would replace its membership (sp-m1 started a new one-node swarm). Bounded by TIMEOUT.
ns_state() {
  local n=$1 state k
  for k in $(seq 1 $((TIMEOUT * 2))); do
    state=$(nsd "$n" info --format '{{.Swarm.LocalNodeState}}')
    case "$state" in pending|error) ;; *) break ;; esac
    sleep 0.5
  done
  [ "$k" -gt 1 ] && log "$n: swarm state $state after $((k / 2)) s of waiting for it to settle" >&2
  echo "$state"
}

ns_join() {   # ns_join NODE HOSTPART ROLE
  local n=$1 addr="$NS_NET.$2" role=$3 state
  state=$(ns_state "$n")
  if [ "$state" = active ]; then log "$n: already in the swarm"; return 0; fi
  [ "$state" = inactive ] || nsd "$n" swarm leave --force >/dev/null 2>&1 || true
  nsd "$n" swarm join --token "$(nsd sp-m1 swarm join-token -q "$role")" \
    --advertise-addr "$addr" --listen-addr "$addr:2377" "$NS_NET.11:2377" >/dev/null
  log "$n: joined as $role ($addr)"
}

ns_up() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  [ -x /usr/sbin/dockerd ] || die "the engine is not installed (run \`$0 up\` or \`packages\` first)"
  command -v nsenter >/dev/null && command -v unshare >/dev/null && command -v ip >/dev/null \
    || die "needs ip (iproute2), nsenter and unshare (util-linux): run \`$0 packages\`"
  ns_bridge "$NS_BRIDGE"
  local e n h
  for e in $NS_NODES; do ns_link "${e%%:*}" "$NS_NET.${e#*:}" "$NS_BRIDGE"; done
  # The daemons start in parallel (each takes a few seconds); each one's log is $CI_DIR/<node>.log.
  local pids=()
  for e in $NS_NODES; do ns_daemon "${e%%:*}" & pids+=($!); done
  for n in "${pids[@]}"; do wait "$n" || die "a namespaced daemon did not start"; done
  case "$(ns_state sp-m1)" in
    active) log "sp-m1: swarm already active" ;;
    *) nsd sp-m1 swarm leave --force >/dev/null 2>&1 || true
       nsd sp-m1 swarm init --advertise-addr "$NS_NET.11" --listen-addr "$NS_NET.11:2377" --default-addr-pool "$NS_POOL" >/dev/null
       log "sp-m1: swarm initialised" ;;
  esac
  for e in $NS_NODES; do
    n=${e%%:*}; h=${e#*:}
    [ "$n" = sp-m1 ] && continue
    case "$n" in sp-m*) ns_join "$n" "$h" manager ;; *) ns_join "$n" "$h" worker ;; esac
  done
  local k ready
  for k in $(seq 1 $((TIMEOUT * 10))); do
    ready=$(nsd sp-m1 node ls --format '{{.Hostname}} {{.Status}}' | awk '$2=="Ready"' | wc -l)
    [ "$ready" -ge 5 ] && break; sleep 0.1
  done
  nsd sp-m1 node ls
  [ "$ready" -ge 5 ] || die "ns: only $ready of 5 nodes Ready after ${TIMEOUT}s"
  log "ns-up: done - managers unix://$(ns_sock sp-m1) (sp-m2, sp-m3), workers sp-w1, sp-w2; netns /var/run/netns/<node>"
}

ns_unmount() {   # ns_unmount NODE
  local m
  for m in $(awk -v r="$(readlink -f "$(ns_exec "$1")")" -v l="$(readlink -f "$(ns_root "$1")")" 'index($2, r) == 1 || index($2, l) == 1 {print $2}' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
}

ns_unlink() {   # ns_unlink NODE: its veth pair and network namespace
  ip link del "$(ns_veth "$1")" 2>/dev/null || true
  [ ! -e "/var/run/netns/$1" ] || ip netns del "$1"
}

ns_stop() {
  local e n m
  for e in $NS_NODES; do
    n=${e%%:*}
    stop_daemon "$n" "$(ns_pid "$n")" &
  done
  wait
  for e in $NS_NODES; do
    n=${e%%:*}
    # /proc/mounts names the resolved path (/run/..., not the /var/run symlink): a SIGKILLed daemon leaves its
    # sandboxes' nsfs mounts there, and they keep the node's namespace and exec root busy.
    ns_unmount "$n"
    rm -rf "$(ns_root "$n")" "$(ns_exec "$n")" "$(ns_sock "$n")" "$(ns_pid "$n")" "$CI_DIR/$n.json"
    ns_unlink "$n"
  done
  ip link del "$NS_BRIDGE" 2>/dev/null || true
  log "ns-stop: namespaced swarm stopped; its namespaces, links, bridge and data roots removed"
}

ns_status() {
  local e n
  ip -br link show "$NS_BRIDGE" 2>/dev/null || echo "$NS_BRIDGE: absent"
  for e in $NS_NODES; do
    n=${e%%:*}
    if pid_alive "$(ns_pid "$n")"; then echo "$n: dockerd pid $(cat "$(ns_pid "$n")"), netns $( [ -e "/var/run/netns/$n" ] && echo present || echo absent), link $(cat "/sys/class/net/$(ns_veth "$n")/operstate" 2>/dev/null || echo absent)"
    else echo "$n: dockerd not running, netns $( [ -e "/var/run/netns/$n" ] && echo present || echo absent)"; fi
  done
  for e in $NS_NODES; do
    n=${e%%:*}
    if answers "$(ns_sock "$n")" && [ "$(nsd "$n" info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" = true ]; then
      nsd "$n" node ls 2>/dev/null && return 0
    fi
  done
  echo "no namespaced manager answers"
}

# ---------------------------------------------------------------- actions
up() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  ensure_engine
  install_pkgs
  local extra=""; [ "$TCP" = 1 ] && extra=', "tcp://127.0.0.1:2375"'
  write_config "$CI_DIR/daemon.json" "$MAIN_SOCK" "$MAIN_PID" /var/lib/docker /var/run/docker "$extra"
  start_daemon main "$CI_DIR/daemon.json" "$MAIN_SOCK" "$MAIN_PID" "" /var/run/docker
  command -v nsenter >/dev/null && command -v unshare >/dev/null && command -v ip >/dev/null \
    || die "needs ip (iproute2), nsenter and unshare (util-linux): run \`$0 packages\`"
  ns_bridge "$MAIN_BRIDGE" "$MAIN_ADDR/24"   # the manager's advertise address, also with no workers
  ensure_swarm
  ensure_images "$MAIN_SOCK"
  log "images: $("$DOCKER" images "$IMAGE" --format '{{.Repository}}:{{.Tag}}' | sort | tr '\n' ' ')"
  [ "$REGISTRY" = 1 ] && ensure_registry
  local i
  for i in $(seq 1 "$WORKERS"); do ensure_worker "$i"; done
  "$DOCKER" node ls
  log "up: done - DOCKER_HOST=unix://$MAIN_SOCK$( [ "$TCP" = 1 ] && echo ' (also tcp://127.0.0.1:2375)'), Engine $("$DOCKER" version --format '{{.Server.Version}} API {{.Server.APIVersion}}')"
}

stop_all() {
  local p
  for p in /var/run/docker-w*.pid; do
    [ -e "$p" ] || continue
    stop_daemon "$(basename "$p" .pid | sed 's/^docker-//')" "$p"
  done
  stop_daemon main "$MAIN_PID"
  [ -f "$CI_DIR/registry.pid" ] && stop_daemon registry "$CI_DIR/registry.pid"
  main_unlink
  return 0
}

status() {
  local p
  for p in "$MAIN_PID" /var/run/docker-w*.pid; do
    [ -e "$p" ] || continue
    if pid_alive "$p"; then echo "$p: running pid $(cat "$p")"; else echo "$p: stale"; fi
  done
  ip -br addr show "$MAIN_BRIDGE" 2>/dev/null || echo "$MAIN_BRIDGE: absent"
  for p in /var/run/netns/w*; do [ -e "$p" ] && echo "$p: link $(cat "/sys/class/net/$(ns_veth "$(basename "$p")")/operstate" 2>/dev/null || echo absent)"; done
  if answers "$MAIN_SOCK"; then
    "$DOCKER" info --format 'swarm={{.Swarm.LocalNodeState}} manager={{.Swarm.ControlAvailable}} nodes={{.Swarm.Nodes}}'
    "$DOCKER" node ls 2>/dev/null || true
    "$DOCKER" images "$IMAGE"
  else
    echo "main dockerd not answering on $MAIN_SOCK"
  fi
}

reset() {
  stop_all
  local m
  for m in $(awk '$2 ~ /^\/(var\/)?run\/docker|^\/var\/lib\/docker/ {print $2}' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  rm -rf /var/lib/docker /var/lib/docker-w* /var/run/docker /var/run/docker-w* "$CI_DIR"
  ip link del docker_gwbridge 2>/dev/null || true
  log "reset: engine state removed (packages kept)"
}

case "$ACTION" in
  up) up ;;
  stop) stop_all ;;
  status) status ;;
  reset) reset ;;
  fleet) fleet_up ;;
  fleet-stop) fleet_stop ;;
  ns-up) ns_up ;;
  ns-stop) ns_stop ;;
  ns-status) ns_status ;;
  packages) [ "$(id -u)" = 0 ] || die "must run as root"; ensure_engine; install_pkgs ;;
  *) echo "usage: $0 [up|status|stop|reset|packages|fleet|fleet-stop|ns-up|ns-stop|ns-status]" >&2; exit 2 ;;
esac
