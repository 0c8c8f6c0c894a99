#!/usr/bin/env bash
# Runs culprit's title coder and sockit (RIPL's open SOC coder, from PyPI) on the same gold titles
# and prints one table. Needs the data mirror and network access to PyPI the first time.
#   bash scripts/titles_vs_sockit.sh            # builds culprit in release mode
#   CULPRIT_BIN=path/to/culprit bash scripts/titles_vs_sockit.sh
# sockit is installed into its own virtual environment under the cache directory, never into the
# repository; its code and data are not part of culprit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}
venv=${SOCKIT_VENV:-$cache/culprit-sockit-venv}
mirror=${CULPRIT_MIRROR:-$root/../shared/data}
work=${WORK_DIR:-$(mktemp -d)}
if [ ! -x "$venv/bin/sockit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "sockit==${SOCKIT_VERSION:-0.3.1}"
fi
if [ -z "${CULPRIT_BIN:-}" ]; then
  (cd "$root" && cargo build --release --quiet -p culprit-cli)
  CULPRIT_BIN=${CARGO_TARGET_DIR:-$root/target}/release/culprit
fi
python3 "$root/scripts/titles_vs_sockit.py" "$CULPRIT_BIN" "$venv/bin/sockit" "$mirror" \
  "$root/crates/culprit-titles/tests/data" "$work"
echo "outputs in $work"
