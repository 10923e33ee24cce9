#!/usr/bin/env bash
# A scripted UPS-RS user agent (PS3.18 11) with curl: subscribes <subscriber> to the worklist, creates <workitem>, claims it
# with <transaction>, reports progress, records what was performed, completes it and reads it back. Prints one line per
# transaction, "name HTTP-status", and the workitem as read at the end.
#     ups-rs-workflow.sh <base-url> <subscriber> <workitem> <transaction>
set -euo pipefail
base="$1" subscriber="$2" workitem="$3" transaction="$4"
json=(-H 'Content-Type: application/dicom+json' -H 'Accept: application/dicom+json')

send() { # name method path [body]
  local name="$1" method="$2" path="$3" body="${4:-}"
  if [ -n "$body" ]; then
    printf '%s %s\n' "$name" "$(curl -sS -o /dev/null -w '%{http_code}' -X "$method" "${json[@]}" --data-binary "$body" "$base/$path")"
  else
    printf '%s %s\n' "$name" "$(curl -sS -o /dev/null -w '%{http_code}' -X "$method" "$base/$path")"
  fi
}

send subscribe POST "workitems/1.2.840.10008.5.1.4.34.5/subscribers/$subscriber?deletionlock=false"
send create POST "workitems?$workitem" '[{
  "00741000": {"vr": "CS", "Value": ["SCHEDULED"]},
  "00404005": {"vr": "DT", "Value": ["20261203100000"]},
  "00404041": {"vr": "CS", "Value": ["READY"]},
  "00741200": {"vr": "CS", "Value": ["MEDIUM"]},
  "00741204": {"vr": "LO", "Value": ["CT head"]},
  "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Doe^Jane"}]},
  "00100020": {"vr": "LO", "Value": ["P1"]}
}]'
send claim PUT "workitems/$workitem/state" "[{\"00741000\": {\"vr\": \"CS\", \"Value\": [\"IN PROGRESS\"]}, \"00081195\": {\"vr\": \"UI\", \"Value\": [\"$transaction\"]}}]"
send progress POST "workitems/$workitem?$transaction" '[{"00741002": {"vr": "SQ", "Value": [{"00741004": {"vr": "DS", "Value": [50]}}]}}]'
send performed POST "workitems/$workitem?$transaction" '[{"00741216": {"vr": "SQ", "Value": [{
  "00404050": {"vr": "DT", "Value": ["20261203101500"]},
  "00404051": {"vr": "DT", "Value": ["20261203103000"]},
  "00404028": {"vr": "SQ", "Value": [{"00080100": {"vr": "SH", "Value": ["WS1"]}, "00080102": {"vr": "SH", "Value": ["DCM"]}, "00080104": {"vr": "LO", "Value": ["Workstation 1"]}}]},
  "00404019": {"vr": "SQ", "Value": [{"00080100": {"vr": "SH", "Value": ["110005"]}, "00080102": {"vr": "SH", "Value": ["DCM"]}, "00080104": {"vr": "LO", "Value": ["Interpretation"]}}]}
}]}}]'
send complete PUT "workitems/$workitem/state" "[{\"00741000\": {\"vr\": \"CS\", \"Value\": [\"COMPLETED\"]}, \"00081195\": {\"vr\": \"UI\", \"Value\": [\"$transaction\"]}}]"
send complete-again PUT "workitems/$workitem/state" "[{\"00741000\": {\"vr\": \"CS\", \"Value\": [\"COMPLETED\"]}, \"00081195\": {\"vr\": \"UI\", \"Value\": [\"$transaction\"]}}]"
curl -sS "${json[@]}" "$base/workitems/$workitem"
echo
