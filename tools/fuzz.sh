#!/usr/bin/env bash
# Coverage-guided fuzzing of one target under AFL++ with SharpFuzz (the long run of the reliability issue):
#     tools/fuzz.sh <pdu|command|dataset|json|proxy|upsrs|upsevent> [SECONDS]      (default 600)
# Installs afl++ (Debian) and the sharpfuzz instrumenter (NuGet tool) when missing, builds the fuzz project in
# Release, instruments Declarative.Dicom.dll, and runs afl-fuzz from the committed corpus for SECONDS. Findings land
# in artifacts/fuzz/<target>/default/crashes; each one becomes a corpus entry and a regression test.
set -euo pipefail
target="${1:?usage: tools/fuzz.sh <pdu|command|dataset|json|proxy|upsrs|upsevent> [seconds]}"
seconds="${2:-600}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts/fuzz"
mkdir -p "$out/tools"
command -v afl-fuzz >/dev/null || { apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends afl++ >/dev/null; }
[ -x "$out/tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$out/tools" >/dev/null
dotnet build "$root/tests/Declarative.Dicom.Fuzz/Declarative.Dicom.Fuzz.csproj" -c Release -o "$out/bin" >/dev/null
"$out/tools/sharpfuzz" "$out/bin/Declarative.Dicom.dll" >/dev/null || true   # instruments in place; a second run says it already did
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
timeout --signal=INT "$seconds" afl-fuzz -i "$root/tests/Declarative.Dicom.Fuzz/corpus/$target" -o "$out/$target" -t 10000 -m none \
  -- dotnet "$out/bin/Declarative.Dicom.Fuzz.dll" afl "$target" || true
stats="$out/$target/default/fuzzer_stats"
[ -f "$stats" ] && grep -E "^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|edges_found|run_time) " "$stats"
