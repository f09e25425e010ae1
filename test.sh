#!/usr/bin/env bash
# Installs what the tests need when it is missing, then runs every test in the solution.
# Tests that need servers start their own private instances (PostgreSQL via initdb/pg_ctl,
# Chromium via Playwright) on free loopback ports in temp folders and stop them afterwards.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
have_initdb() { command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }
have_initdb || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
{ command -v fc-list >/dev/null 2>&1 && fc-list | grep -qi "Noto Sans CJK"; } || missing+=(fonts-noto-cjk)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The official SignalR JavaScript client, for the hub tests and the hub benchmark.
if [ ! -d tests/hub-client/node_modules/@microsoft/signalr ]; then
  npm ci --prefix tests/hub-client --no-audit --no-fund --loglevel=error
fi

dotnet restore Dispatch.sln --verbosity quiet
dotnet build Dispatch.sln --no-restore --verbosity quiet -nologo

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Dispatch.sln --no-build --nologo --verbosity quiet --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test assemblies.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") failed += $(i + 1)
         if ($i == "Passed:") passed += $(i + 1)
         if ($i == "Skipped:") skipped += $(i + 1)
       }
       assemblies++
     }
     END {
       gsub(",", "", failed); gsub(",", "", passed)
       printf "test.sh: %d test assemblies\n", assemblies
       printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
     }' "$log"

if [ "$status" -eq 0 ] && ! grep -q '^Passed!' "$log"; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$status"
