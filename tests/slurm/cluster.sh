#!/usr/bin/env bash
# A throwaway single-node SLURM cluster for tests/test_slurm.py (Debian 12 packages, as root).
#
#   tests/slurm/cluster.sh start   # idempotent: installs, configures and starts what is missing
#   tests/slurm/cluster.sh status  # exit 0 when the node takes jobs and sacct answers
#   tests/slurm/cluster.sh stop    # kills, by PID, every daemon that `start` started
#
# One node with four fake A100s (GRES gpu:a100:4 backed by device files made for the test, copies
# of /dev/null) in partition "gpu", a "cpu" partition, accounting through slurmdbd on MariaDB (the
# executor plugin polls sacct) and the account $SLURM_TEST_ACCOUNT (default testacct). No
# cgroups: proctrack/linuxproc, task/none. The node declares 8 CPUs whatever the machine has
# (SlurmdParameters=config_overrides), so that a job can ask one CPU per GPU on a 2-core machine.
# It writes /etc/slurm only when the files there are absent or were written by this script.
set -euo pipefail
ACCOUNT=${SLURM_TEST_ACCOUNT:-testacct}
STATE=/run/instructgen-slurm
STARTED=$STATE/started   # "<name> <pid>" per daemon this script started; `stop` kills only these
INSTALLED=$STATE/installed  # packages this script installed; `stop` removes exactly these
MARK="# written by instructgen tests/slurm/cluster.sh"
T0=$(date +%s)
log() { echo "[cluster.sh +$(($(date +%s) - T0))s] $*"; }
die() { echo "cluster.sh: $*" >&2; exit 1; }
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
waitfor() { # waitfor <seconds> <cmd...>
  local n=$(($1 * 5)); shift
  for _ in $(seq 1 "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "cluster.sh: timeout waiting for: $*" >&2; return 1
}
record() { mkdir -p "$STATE"; echo "$1 $(cat "$2")" >>"$STARTED"; log "started $1 (pid $(cat "$2"))"; }
# Write $2 to /etc/slurm/$1 unless a foreign file is there; returns 0 when it changed.
install_conf() {
  local dest=/etc/slurm/$1
  if [ -e "$dest" ] && ! grep -qF "$MARK" "$dest"; then
    die "$dest exists and was not written by this script; refusing to overwrite it"
  fi
  if printf '%s\n' "$2" | cmp -s - "$dest"; then return 1; fi
  printf '%s\n' "$2" >"$dest"
  return 0
}

start() {
  [ "$(id -u)" = 0 ] || die "needs root"
  # 1. packages: the components only (the slurm-wlm metapackage pulls ~20 -dev packages).
  local pkgs="munge slurmctld slurmd slurm-client slurmdbd mariadb-server" missing=""
  for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    command -v apt-get >/dev/null || die "apt-get not found; cannot install:$missing"
    log "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    mkdir -p "$STATE"; echo "$missing" >>"$INSTALLED"
  fi
  log "slurm $(slurmctld -V | awk '{print $2}'), $(munged --version | awk '{print $1}')"

  # 2. munge (the key is created once and kept).
  mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
  if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null ||
      dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  fi
  chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
  chmod 700 /etc/munge; chmod 400 /etc/munge/munge.key; chmod 755 /run/munge
  if ! alive /run/munge/munged.pid; then
    rm -f /run/munge/munged.pid
    runuser -u munge -- /usr/sbin/munged
    waitfor 10 bash -c 'munge -n | unmunge'
    record munged /run/munge/munged.pid
  fi

  # 3. configuration: the machine's memory; 8 CPUs and 4 GPUs declared (see the header).
  local host mem changed=0 gpu
  host=$(hostname -s)
  mem=$(slurmd -C | head -1 | sed -E 's/.*RealMemory=([0-9]+).*/\1/')
  mem=$((mem * 95 / 100))
  for gpu in 0 1 2 3; do
    if [ ! -e "/dev/instructgen-gpu$gpu" ]; then
      mknod -m 666 "/dev/instructgen-gpu$gpu" c 1 3  # a /dev/null: nothing reads it
      mkdir -p "$STATE"; echo "/dev/instructgen-gpu$gpu" >>"$STATE/devices"
    fi
  done
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/slurm
  install_conf slurm.conf "$MARK
ClusterName=testcluster
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SlurmdParameters=config_overrides
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1000
GresTypes=gpu
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStorageTRES=gres/gpu
AccountingStorageEnforce=associations
AccountingStoreFlags=job_comment
JobAcctGatherType=jobacct_gather/linux
JobCompType=jobcomp/none
InactiveLimit=0
KillWait=30
MinJobAge=300
Waittime=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=8 Boards=1 SocketsPerBoard=1 CoresPerSocket=8 ThreadsPerCore=1 RealMemory=$mem Gres=gpu:a100:4 State=UNKNOWN
PartitionName=cpu Nodes=$host Default=YES MaxTime=INFINITE State=UP
PartitionName=gpu Nodes=$host Default=NO MaxTime=INFINITE State=UP" && changed=1
  # slurmd drops a GPU without File= (node INVAL); copies of /dev/null are harmless stand-ins.
  install_conf gres.conf "$MARK
AutoDetect=off
NodeName=$host Name=gpu Type=a100 File=/dev/instructgen-gpu[0-3]" && changed=1

  # 4. MariaDB + slurmdbd, so that sacct works.
  mkdir -p /run/mysqld; chown mysql:mysql /run/mysqld
  [ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  if ! mariadb-admin ping >/dev/null 2>&1; then
    rm -f /run/mysqld/mysqld.pid
    setsid /usr/sbin/mariadbd --user=mysql --pid-file=/run/mysqld/mysqld.pid \
      --socket=/run/mysqld/mysqld.sock --innodb-buffer-pool-size=64M \
      --innodb-lock-wait-timeout=900 >>/var/log/slurm/mariadb.log 2>&1 </dev/null &
    waitfor 60 mariadb-admin ping
    waitfor 10 test -s /run/mysqld/mysqld.pid
    record mariadbd /run/mysqld/mysqld.pid
  fi
  mariadb -e "CREATE DATABASE IF NOT EXISTS slurm_acct_db;
    CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY 'slurmpw';
    GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost'; FLUSH PRIVILEGES;"
  install_conf slurmdbd.conf "$MARK
AuthType=auth/munge
DbdHost=localhost
DbdPort=6819
SlurmUser=root
DebugLevel=info
LogFile=/var/log/slurm/slurmdbd.log
PidFile=/run/slurm/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageLoc=slurm_acct_db
StorageUser=slurm
StoragePass=slurmpw" || true
  chmod 600 /etc/slurm/slurmdbd.conf
  if ! alive /run/slurm/slurmdbd.pid; then
    /usr/sbin/slurmdbd
    waitfor 60 bash -c 'exec 3<>/dev/tcp/127.0.0.1/6819'
    record slurmdbd /run/slurm/slurmdbd.pid
  fi

  # 5. slurmctld + slurmd (restarted when the configuration changed).
  if [ "$changed" = 1 ]; then
    for d in slurmd slurmctld; do
      if alive /run/slurm/$d.pid; then
        local p; p=$(cat /run/slurm/$d.pid); kill "$p"
        for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
      fi
    done
  fi
  if ! alive /run/slurm/slurmctld.pid; then
    /usr/sbin/slurmctld
    waitfor 60 bash -c 'scontrol ping | grep -q UP'
    record slurmctld /run/slurm/slurmctld.pid
  fi
  if ! alive /run/slurm/slurmd.pid; then
    /usr/sbin/slurmd
    waitfor 10 test -s /run/slurm/slurmd.pid
    record slurmd /run/slurm/slurmd.pid
  fi
  waitfor 60 bash -c "sinfo -h -n $host -o %T | grep -qvE 'unk|down|inval|not_responding'" || true
  if sinfo -h -n "$host" -o %T | grep -qE 'drain|down|inval'; then
    scontrol update nodename="$host" state=resume || true
  fi
  waitfor 30 bash -c "sinfo -h -n $host -o %T | grep -qE '^(idle|mixed|allocated)'"

  # 6. the account jobs are charged to (slurmctld registers the cluster by itself).
  waitfor 60 bash -c 'sacctmgr -n -P show cluster format=cluster | grep -qx testcluster'
  sacctmgr -n -P show account "$ACCOUNT" format=account | grep -qx "$ACCOUNT" ||
    sacctmgr -i add account "$ACCOUNT" Description=test Organization=test >/dev/null
  sacctmgr -n -P show assoc user=root account="$ACCOUNT" format=user | grep -qx root ||
    sacctmgr -i add user root account="$ACCOUNT" >/dev/null
  log "ready: partitions $(sinfo -h -o %P | paste -sd,), account $ACCOUNT"
}

stop() {
  [ -s "$STARTED" ] || log "no running daemon started by this script is recorded"
  mkdir -p "$STATE"; touch "$STARTED"
  # Reverse dependency order: slurmd, slurmctld, slurmdbd, mariadbd, munged.
  for name in slurmd slurmctld slurmdbd mariadbd munged; do
    local pid
    for pid in $(awk -v n="$name" '$1 == n {print $2}' "$STARTED"); do
      kill -0 "$pid" 2>/dev/null || continue
      # Only a process that still runs the daemon we started (PIDs can be reused).
      grep -q "$name" "/proc/$pid/comm" 2>/dev/null || continue
      kill "$pid"
      for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      log "stopped $name (pid $pid)"
    done
  done
  rm -f "$STARTED"
  if [ -s "$STATE/devices" ]; then
    xargs -r rm -f <"$STATE/devices"
    rm -f "$STATE/devices"
  fi
  # Leave the machine as it was: with slurm-client installed but no controller, every later
  # Snakemake start waits ~10 s (the SLURM executor plugin runs `scontrol` when it loads).
  if [ -s "$INSTALLED" ]; then
    # shellcheck disable=SC2046
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $(cat "$INSTALLED") >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get autoremove -y -qq >/dev/null
    grep -lF "$MARK" /etc/slurm/* 2>/dev/null | xargs -r rm -f
    log "removed the packages it installed:$(tr '\n' ' ' <"$INSTALLED")"
    rm -f "$INSTALLED"
  fi
}

status() {
  command -v sinfo >/dev/null || { echo "slurm not installed"; return 1; }
  sinfo && sacct -n -X -S now-1minute >/dev/null && echo "cluster up"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
