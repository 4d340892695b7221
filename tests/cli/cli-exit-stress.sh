#!/usr/bin/env bash
# Runs signet-cli a few hundred times against signet-devserver and checks
# that every run ends with one of the exit statuses documented in
# "signet-cli --help", never by a signal.  signet-cli used to die now and
# then at exit (SIGSEGV after printing its result) because a libstrophe
# worker thread could still be tearing down TLS while exit() ran OpenSSL's
# cleanup; the races are short, so only many short runs show them.
#
# Environment: SIGNET_CLI and SIGNET_DEVSERVER, the two binaries (set by
# tests/meson.build); CLI_STRESS_RUNS scales the run count (default 1),
# CLI_STRESS_PERCENT takes that share of it (default 100; the sanitizer
# passes run half, each run being several times slower there).
# The last line is "N passed, N failed"; the exit status is 1 on any failure.
set -uo pipefail

cli=${SIGNET_CLI:?SIGNET_CLI must point to signet-cli}
devserver=${SIGNET_DEVSERVER:?SIGNET_DEVSERVER must point to signet-devserver}
scale=${CLI_STRESS_RUNS:-1}
percent=${CLI_STRESS_PERCENT:-100}
jobs=${CLI_STRESS_JOBS:-4}

# Keys, pending sign-ups and GnuPG homes go to a scratch directory, never to
# the person's own; the keyring is whatever D-Bus session we run in (none
# is fine: a request then ends with the documented status 1).
scratch=$(mktemp -d "${TMPDIR:-/tmp}/signet-cli-stress.XXXXXX")
export HOME="$scratch/home"
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
export LC_ALL=C.UTF-8
# A crash must be reported as a signal, not turned into an abort message
# that a core dump helper would then slow down.
ulimit -c 0

servers=()
cleanup ()
{
  for pid in "${servers[@]}"; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  gpgconf --homedir "$XDG_DATA_HOME/signet/gnupg" --kill gpg-agent >/dev/null 2>&1
  rm -rf "$scratch"
}
trap cleanup EXIT

# Starts a devserver with the given options; sets $address and $sha256.
start_server ()
{
  local out="$scratch/server-${#servers[@]}.out"
  local ready _

  "$devserver" --throttle-attempts=0 "$@" >"$out" 2>>"$scratch/servers.log" &
  servers+=("$!")
  for _ in $(seq 100); do
    ready=$(head -n 1 "$out" 2>/dev/null)
    [ -n "$ready" ] && break
    sleep 0.1
  done
  read -r word host port sha256 <<<"$ready"
  if [ "${word:-}" != READY ]; then
    echo "Bail out! signet-devserver did not start: $(cat "$scratch/servers.log")"
    exit 1
  fi
  address="$host:$port"
}

start_server --registered=+393470000000
plain=$address
plain_sha=$sha256

# Answers every element after 1.5 s: runs with --timeout=1 give up while
# their connection is up and the worker is waiting for the server.
start_server --delay-ms=1500
slow=$address
slow_sha=$sha256

# Drops the connection on the first IQ, right after the TLS handshake.
start_server --drop-after=2
dropping=$address
dropping_sha=$sha256

# A port with nobody listening: the connection is refused at once.
closed=127.0.0.1:$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

wrong_sha=0000000000000000000000000000000000000000000000000000000000000000

# One line per run: "<kind> <expected statuses> -- <arguments>".  The
# expected statuses are the documented ones this kind of run may end with.
# "@N@" in the arguments becomes the run's number: a second request for a
# number whose code is pending would be throttled.
cases="$scratch/cases"
: >"$cases"
add ()
{
  local count=$(( ($1 * scale * percent + 99) / 100 ))
  shift
  for i in $(seq "$count"); do
    printf '%s\n' "${*//@N@/$(printf '%04d' "$i")}" >>"$cases"
  done
}

common="--server localhost --json"
# Runs share one data directory: a request may find another number's
# sign-up pending and would refuse to replace it (exit 31) without this.
replace="--replace"
# Connect, TLS, the registration form and the request: the number is taken.
add 120 taken 4 -- request $common $replace --host $plain --trust $plain_sha --phone +393470000000
# Connect, TLS and the form, then an in-band form the devserver cannot fill.
add 60 xmpp-form 1,2,9,14 -- xmpp register $common --host $plain --trust $plain_sha
# The certificate is refused at the end of the handshake.
add 80 untrusted 3 -- request $common $replace --host $plain --trust $wrong_sha --phone +393471234567
# Nobody listens.
add 30 refused 8 -- request $common $replace --host $closed --trust $plain_sha --phone +393471234567
# The server drops the stream after TLS.
add 30 dropped 1,8 -- request $common $replace --host $dropping --trust $dropping_sha --phone +393471234567
# Gives up while connected: exit with a busy worker.
add 8 timeout 8 -- request $common $replace --timeout 1 --host $slow --trust $slow_sha --phone +393471234567
# Fails before any connection is made.
add 20 bad-number 6 -- request $common $replace --host $plain --trust $plain_sha --phone +3934
add 10 bad-trust 2 -- request $common $replace --host $plain --trust not-a-fingerprint --phone +393471234567
# The whole request, key generation and keyring included (0 with a
# keyring, 1 when the pending sign-up cannot be saved).
add 6 requested 0,1 -- request $common $replace --host $plain --trust $plain_sha --phone +39347123@N@

run_one ()
{
  local kind=$1 expected=$2
  local log="$scratch/logs/$BASHPID"
  local status

  shift 3
  "$cli" "$@" >"$log.out" 2>"$log.err" </dev/null
  status=$?
  if [[ ",$expected," == *",$status,"* ]]; then
    echo "ok $kind $status"
  else
    if [ "$status" -gt 128 ]; then
      echo "not ok $kind: killed by signal $((status - 128)) ($(kill -l $((status - 128)) 2>/dev/null))"
    else
      echo "not ok $kind: exit status $status, expected $expected"
    fi
    sed 's/^/#   /' "$log.out" "$log.err" | head -n 20
  fi
  rm -f "$log.out" "$log.err"
}
export -f run_one
export cli scratch
mkdir -p "$scratch/logs"

start=$(date +%s.%N)
# Shuffled, so that slow and fast runs overlap in every order.
shuf "$cases" | xargs -P "$jobs" -d '\n' -n 1 bash -c 'run_one $0' >"$scratch/results"
end=$(date +%s.%N)

grep -v '^ok ' "$scratch/results"
passed=$(grep -c '^ok ' "$scratch/results")
failed=$(grep -c '^not ok ' "$scratch/results")
printf '# %d runs in %.1f s\n' $((passed + failed)) "$(awk "BEGIN { print $end - $start }")"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
