#!/usr/bin/env bash
# Peer measurement: Kannel (Debian's `kannel` + `kannel-extras`) pushing N SMS from HTTP sendsms on
# loopback through bearerbox to a fake SMSC (fakesmsc, which only receives). Prints one line:
#   KANNEL_RESULT {"n":…,"acceptPerSec":…,"deliveredPerSec":…}
# acceptPerSec: sendsms answers "Accepted" (queued in bearerbox memory, no store file);
# deliveredPerSec: until fakesmsc has printed all N MT messages. Text SMS, not MMS: a peer for the
# queue → carrier-link machinery, not for content handling. Usage: run.sh [N] [IN_FLIGHT]
set -euo pipefail
N=${1:-20000}
CONC=${2:-64}
BEARERBOX=${BEARERBOX:-/usr/sbin/bearerbox}
SMSBOX=${SMSBOX:-/usr/sbin/smsbox}
FAKESMSC=${FAKESMSC:-/usr/lib/kannel/test/fakesmsc}
for b in "$BEARERBOX" "$SMSBOX" "$FAKESMSC"; do
  [ -x "$b" ] || { echo "KANNEL_SKIP $b not found (apt-get install -y kannel kannel-extras)"; exit 0; }
done
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(mktemp -d "${POSTINO_TMP:-/tmp}/kannel-XXXXXX")
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
ADMIN=$(free_port); BOXP=$(free_port); SMSCP=$(free_port); SEND=$(free_port)
cat > "$DIR/kannel.conf" <<CONF
group = core
admin-port = $ADMIN
admin-password = bench
smsbox-port = $BOXP
admin-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
log-file = "$DIR/bearerbox.log"
log-level = 4
sms-incoming-queue-limit = -1
sms-outgoing-queue-limit = -1

group = smsc
smsc = fake
smsc-id = fake
port = $SMSCP
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $BOXP
sendsms-port = $SEND
sendsms-interface = 127.0.0.1
log-file = "$DIR/smsbox.log"
log-level = 4
max-pending-requests = 4096

group = sendsms-user
username = bench
password = bench
max-messages = 1
default-sender = 12345
CONF
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$DIR"; }
trap cleanup EXIT
[ -n "${KANNEL_KEEP:-}" ] && trap - EXIT
"$BEARERBOX" "$DIR/kannel.conf" > "$DIR/bb.out" 2>&1 & pids+=($!)
sleep 1
stdbuf -oL "$FAKESMSC" -H 127.0.0.1 -r "$SMSCP" -m 0 "1 2 text x" > "$DIR/fake.out" 2> "$DIR/fake.err" & pids+=($!)
"$SMSBOX" "$DIR/kannel.conf" > "$DIR/sb.out" 2>&1 & pids+=($!)
for i in $(seq 1 50); do
  curl -s "http://127.0.0.1:$SEND/cgi-bin/sendsms?username=bench&password=bench&to=123&text=warmup" | grep -q Accept && break
  sleep 0.2
done
curl -s "http://127.0.0.1:$SEND/cgi-bin/sendsms?username=bench&password=bench&to=123&text=warmup" >&2 || true
node "$HERE/load.mjs" "http://127.0.0.1:$SEND" "$N" "$CONC" "$DIR/fake.err"
