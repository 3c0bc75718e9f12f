# local-cluster-lib.sh: what start-local-cluster.sh and stop-local-cluster.sh
# share (sourced by both, not run): the cluster's file layout under DIR and the
# helpers that find, wait for and stop its processes. Works under `set -e` and
# without it.

log() { printf 'slurm-local: %s\n' "$*" >&2; }

# cluster_paths DIR: sets DIR (absolute, links resolved) and the paths under it;
# exports SLURM_CONF so that every Slurm command talks to this cluster
cluster_paths() {
    DIR=$(cd "$1" && pwd -P)
    CONF=$DIR/slurm.conf
    MSOCK=$DIR/munge/munge.socket.2
    MKEY=$DIR/munge/munge.key
    MPID=$DIR/munge/munged.pid
    CPID=$DIR/run/slurmctld.pid
    DPID=$DIR/run/slurmd.pid
    export SLURM_CONF=$CONF
}

pid_of() { { tr -dc '0-9' <"$1"; } 2>/dev/null; }
# pid_running PID [NAME]: PID is a live process (zombies count as dead: they can
# linger until init reaps them), whose command name is NAME if given
pid_running() {
    local s comm st
    s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    comm=${s#*(}; comm=${comm%%)*}
    st=${s##*) }; st=${st%% *}
    [[ $st != Z && ( -z ${2:-} || $comm == "$2" ) ]]
}
pid_gone() { ! pid_running "$1"; }
# alive PIDFILE NAME: the PID in PIDFILE is a live process named NAME
alive() {
    local pid
    pid=$(pid_of "$1") || return 1
    [[ -n $pid ]] && pid_running "$pid" "$2"
}
# wait_for SECONDS CMD...: poll CMD every 0.1 s
wait_for() {
    local limit=$1 i; shift
    for ((i = 0; i < limit * 10; i++)); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}
# stop_pid PIDFILE NAME: SIGTERM, SIGKILL after 15 s; removes PIDFILE. A PID is
# signalled only while its process has the expected name, so a stale PID file
# is harmless. Returns 1 if the process is still there.
stop_pid() {
    if ! alive "$1" "$2"; then
        rm -f "$1"
        return 0
    fi
    local pid; pid=$(pid_of "$1")
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_for 15 pid_gone "$pid"; then
        log "$2 (pid $pid) ignored SIGTERM; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_for 5 pid_gone "$pid" || { log "$2 (pid $pid) is still running"; return 1; }
    fi
    rm -f "$1"
    log "stopped $2 (pid $pid)"
}
# cluster_stepds: the PIDs of this cluster's live slurmstepd processes (found by
# SLURM_CONF=$CONF in their environment), one a line
cluster_stepds() {
    local d p
    for d in /proc/[0-9]*; do
        p=${d#/proc/}
        pid_running "$p" slurmstepd || continue
        { tr '\0' '\n' <"$d/environ"; } 2>/dev/null | grep -qxF "SLURM_CONF=$CONF" && echo "$p"
    done
    return 0
}
