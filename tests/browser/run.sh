#!/usr/bin/env bash
# The dashboard in a real browser: installs Debian's chromium and playwright-core when missing,
# builds culprit, serves a fresh workspace on a free loopback port, runs the browser test,
# restarts the server on the same workspace and checks that everything is still there.
# Screenshots: $CULPRIT_SCREENSHOTS (default $CARGO_TARGET_DIR/screenshots).
set -uo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../.. && pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/culprit-target}"
SHOTS="${CULPRIT_SCREENSHOTS:-$CARGO_TARGET_DIR/screenshots}"
fail() { echo "browser: $1"; echo "browser: 0 passed, 1 failed"; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
  echo "browser: installing Debian's chromium"
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } >/dev/null || fail "could not install chromium (apt-get install -y chromium)"
fi
if [ ! -d node_modules/playwright-core ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null || fail "npm ci failed in tests/browser"
fi
(cd "$ROOT" && cargo build -q -p culprit-cli) || fail "cargo build failed"
BIN="$CARGO_TARGET_DIR/debug/culprit"

WORK=$(mktemp -d)
SERVER=""
stop() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=""; fi; }
trap 'stop; rm -rf "$WORK"' EXIT
rm -rf "$SHOTS" && mkdir -p "$SHOTS"
"$BIN" synth org --people 2000 --seed 1 --out "$WORK/org.csv" >/dev/null || fail "culprit synth failed"
PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

start() {
  "$BIN" serve --bind "127.0.0.1:$PORT" --workspace "$WORK/ws" --draws 2000 >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then return 0; fi
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.2
  done
  cat "$WORK/server.log"
  fail "the server did not start"
}

export CULPRIT_URL="http://127.0.0.1:$PORT" CULPRIT_ORG_FILE="$WORK/org.csv" CULPRIT_EXAMPLES="$ROOT/examples" CULPRIT_SCREENSHOTS="$SHOTS"
PASSED=0; FAILED=0
phase() {
  local out
  out=$(PHASE="$1" node "$HERE/dashboard.test.mjs" 2>&1)
  echo "$out" | grep -v '^counts: '
  read -r p f < <(echo "$out" | sed -n 's/^counts: //p')
  PASSED=$((PASSED + ${p:-0})); FAILED=$((FAILED + ${f:-1}))
}
start
phase main
stop
start
phase restart
stop
echo "browser: screenshots in $SHOTS"
echo "browser: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
