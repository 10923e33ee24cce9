#!/usr/bin/env bash
# Runs every test in the solution on a fresh machine: installs the real peers the interop tests talk to
# (Debian packages dcmtk, orthanc, python3-pydicom, chromium, postgresql and haproxy, npm packages dcmjs-dimse and ws in the
# repo's node folder), starts a throwaway PostgreSQL cluster (removed at the end), restores, builds and tests, then prints one line
# "N passed, N failed" summed over all test projects. Exits non-zero on any failure, including a build that did not compile.
set -uo pipefail
cd "$(dirname "$0")"

log() { printf '==> %s\n' "$*" >&2; }

install_debian_packages() {
  local missing=()
  command -v dcmdump >/dev/null 2>&1 || missing+=(dcmtk)
  [ -x /usr/sbin/Orthanc ] || missing+=(orthanc)
  command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
  # dicom-events dump is checked against pydicom (Debian's, for Debian's python3) and its live page in Chromium.
  /usr/bin/python3 -c 'import pydicom' >/dev/null 2>&1 || missing+=(python3-pydicom)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  # The PostgreSQL store and the scale-out tests: a server of our own on a loopback port, nodes behind HAProxy.
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

if ! install_debian_packages; then
  echo "could not install the Debian packages the interop tests need" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

install_npm_packages() {
  local peers=tests/Declarative.Dicom.Interop.Tests/node
  if [ -d "$peers/node_modules/dcmjs-dimse" ] && [ -d "$peers/node_modules/ws" ]; then
    return 0
  fi
  log "installing npm packages in $peers"
  (cd "$peers" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

if ! install_npm_packages; then
  echo "could not install the npm packages the interop tests need" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# One throwaway PostgreSQL cluster for every test project (tools/throwaway-postgres.sh), removed however the run ends.
postgres_dir=$(mktemp -d /tmp/declarative-dicom-pg.XXXXXX)
rmdir "$postgres_dir"
trap 'tools/throwaway-postgres.sh remove "$postgres_dir" >/dev/null 2>&1 || true' EXIT
if ! DECLARATIVE_DICOM_POSTGRES=$(tools/throwaway-postgres.sh start "$postgres_dir"); then
  echo "could not start the throwaway PostgreSQL cluster (see above)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
export DECLARATIVE_DICOM_POSTGRES DECLARATIVE_DICOM_POSTGRES_DIR="$postgres_dir"

results="$PWD/.test-results"
rm -rf "$results"
log "building Declarative.sln"
if ! dotnet build Declarative.sln "$@"; then
  echo "the solution does not build (see above)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# One run per test project, each into its own folder, so that every project runs even when another
# fails and no two result files can collide.
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  grep -q '<IsTestProject>true</IsTestProject>' "$project" || continue
  log "testing $name"
  dotnet test "$project" --no-build --logger trx --results-directory "$results/$name" "$@" || status=1
done

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "a test run failed without a failed test (crash or time-out; see above)" >&2
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
