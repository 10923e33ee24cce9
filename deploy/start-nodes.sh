#!/usr/bin/env bash
# Starts three workflow nodes (samples/WorkflowNode) on one PostgreSQL database and HAProxy in front of them, on this
# machine: the shape of a deployment, to try it or copy it. In production each node runs on its own machine (a service
# manager starts it with the same arguments; see workflow-node@.service) and HAProxy on another.
#
#   deploy/start-nodes.sh "Host=db;Username=dicom;Password=...;Database=dicom" [--peer AET@host:port]...
#
# Modalities connect to 127.0.0.1:11104 (DICOM_FRONTEND to change it), UPS-RS user agents to http://127.0.0.1:18080/dicomweb
# (UPSRS_FRONTEND). Nodes listen on 11112-11114 (UPS-RS on 18081-18083), their agents on 11212-11214, logs in deploy/logs/. Ctrl+C stops HAProxy and the nodes (each drains first).
set -euo pipefail
cd "$(dirname "$0")/.."
postgres=${1:?a PostgreSQL connection string}
shift

dotnet build samples/WorkflowNode -c Release -v q >/dev/null
mkdir -p deploy/logs
pids=()
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait' EXIT
for n in 1 2 3; do
  dotnet samples/WorkflowNode/bin/Release/net10.0/WorkflowNode.dll --postgres "$postgres" --node "node$n" \
    --listen "NODE@127.0.0.1:$((11111 + n))" --agent-port "$((11211 + n))" --http "127.0.0.1:$((18080 + n))" --trust-proxy 127.0.0.1 --verbose "$@" \
    >"deploy/logs/node$n.log" 2>&1 &
  pids+=($!)
done

export DICOM_FRONTEND=${DICOM_FRONTEND:-127.0.0.1:11104} UPSRS_FRONTEND=${UPSRS_FRONTEND:-127.0.0.1:18080}
export NODE1=127.0.0.1:11112 NODE2=127.0.0.1:11113 NODE3=127.0.0.1:11114 NODE1_AGENT=11212 NODE2_AGENT=11213 NODE3_AGENT=11214
export NODE1_HTTP=127.0.0.1:18081 NODE2_HTTP=127.0.0.1:18082 NODE3_HTTP=127.0.0.1:18083
echo "three nodes starting (deploy/logs/), HAProxy on $DICOM_FRONTEND (DICOM) and $UPSRS_FRONTEND (UPS-RS); Ctrl+C stops"
haproxy -db -f deploy/haproxy.cfg
