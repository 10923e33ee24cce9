#!/usr/bin/env bash
# Measures what the generator and analyzers cost a build: packs the package, generates a consumer with
# 1,000 handlers of mixed kinds (100 classes x 10: [EventReport], [NAction], [NCreate], [NSet], [NGet],
# [NDelete], [CEcho], [CStore]; KINDS=events for the first release's 1,000 [EventReport]s), builds it with -p:ReportAnalyzer=true and prints the
# analyzer and generator times the compiler reports next to the build time, for RUNS builds (default 5).
# SHARED=true (the default, as on a developer's machine and in the IDE) builds through the compiler server,
# warmed by a first build; SHARED=false starts a fresh compiler per build, which pays the analyzers' JIT
# every time (this workplace sets UseSharedCompilation=false in the environment). Results go to
# docs/performance.md by hand.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="0.1.0-measure.$(date +%s)"
dotnet pack "$root/src/Declarative.Dicom/Declarative.Dicom.csproj" -c Release -o "$work/feed" -p:Version="$version" >/dev/null
mkdir -p "$work/consumer"
cat > "$work/consumer/nuget.config" <<XML
<configuration><packageSources><add key="local" value="$work/feed" /></packageSources></configuration>
XML
cat > "$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><RestorePackagesPath>$work/packages</RestorePackagesPath></PropertyGroup>
  <ItemGroup><PackageReference Include="Declarative.Dicom" Version="$version" /></ItemGroup>
</Project>
XML
if [ "${KINDS:-mixed}" = events ]; then
  handlers=("EventReport(SopClass.StorageCommitmentPushModel, 1)" "EventReport(SopClass.StorageCommitmentPushModel, 2)"
            "EventReport(SopClass.ModalityPerformedProcedureStepNotification, 1)" "EventReport(SopClass.ModalityPerformedProcedureStepNotification, 2)"
            "EventReport(SopClass.ModalityPerformedProcedureStepNotification, 3)" "EventReport(SopClass.Printer, 1)" "EventReport(SopClass.Printer, 2)"
            "EventReport(SopClass.PrintJob, 1)" "EventReport(SopClass.UnifiedProcedureStepEvent, 1)" "EventReport(SopClass.UnifiedProcedureStepEvent, 4)")
else
  handlers=("EventReport(SopClass.StorageCommitmentPushModel, 1)" "EventReport(SopClass.ModalityPerformedProcedureStepNotification, 2)"
            "NAction(SopClass.StorageCommitmentPushModel, 1)" "NAction(SopClass.UnifiedProcedureStepWatch, 3)"
            "NCreate(SopClass.ModalityPerformedProcedureStep)" "NSet(SopClass.ModalityPerformedProcedureStep)" "NGet(SopClass.ModalityPerformedProcedureStepRetrieve)"
            "NDelete(SopClass.BasicFilmSession)" "CEcho" "CStore(SopClass.CTImageStorage)")
fi
for c in $(seq 1 100); do
  {
    echo "using Declarative.Dicom;"
    echo "public partial class Handlers$c"
    echo "{"
    i=0
    for h in "${handlers[@]}"; do
      i=$((i + 1))
      # 0x0110 is an allowed failure of every N-service; C-services answer Success here.
      case "$h" in C*) failure="DimseStatus.Success" ;; *) failure="DimseStatus.ProcessingFailure" ;; esac
      echo "    [$h] public DimseStatus On$i(DimseRequest request) => request.MessageId == 0 ? $failure : DimseStatus.Success;"
    done
    echo "}"
  } > "$work/consumer/Handlers$c.cs"
done
dotnet restore "$work/consumer" > "$work/restore.log" || { tail -30 "$work/restore.log"; exit 1; }
shared="${SHARED:-true}"
runs="${RUNS:-5}"
dotnet build "$work/consumer" -c Release -p:UseSharedCompilation="$shared" > "$work/warmup.log" || { tail -30 "$work/warmup.log"; exit 1; }   # warm up: restore, first JIT of the compiler server
echo "UseSharedCompilation=$shared, $runs runs"
for run in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  dotnet build "$work/consumer" -c Release --no-incremental -p:UseSharedCompilation="$shared" -p:ReportAnalyzer=true -v:detailed > "$work/build.log"
  end=$(date +%s.%N)
  echo "run $run: build time (no-incremental) $(echo "$end - $start" | bc) s"
  grep -E "Total analyzer execution time|Total generator execution time|^ *[0-9.]+ +[<0-9]+ +Declarative\.Dicom\." "$work/build.log" | sed 's/^ */  /' | sort -u
done
