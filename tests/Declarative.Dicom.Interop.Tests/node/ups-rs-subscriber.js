// A UPS-RS notification connection held by Node's `ws` (RFC 6455), as a web worklist client would hold it:
//     node ups-rs-subscriber.js <ws-url> <count> [bearer-token]
// Prints {"open":true} once connected, then one JSON line per event report (PS3.18 11.13: DICOM JSON of the command fields
// and the Event Information), and closes normally after <count> reports.
'use strict';
const WebSocket = require('ws');

const [url, count, token] = process.argv.slice(2);
const socket = new WebSocket(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
const first = (message, tag) => (message[tag] && message[tag].Value ? message[tag].Value[0] : null);
let received = 0;

socket.on('open', () => console.log(JSON.stringify({ open: true })));
socket.on('message', (data) => {
  const message = JSON.parse(data.toString());
  const progress = first(message, '00741002');
  console.log(JSON.stringify({
    messageId: first(message, '00000110'),
    sopClass: first(message, '00000002'),
    workitem: first(message, '00001000'),
    eventType: first(message, '00001002'),
    state: first(message, '00741000'),
    progress: progress ? first(progress, '00741004') : null,
  }));
  if (++received >= Number(count)) {
    socket.close(1000, 'done');
  }
});
socket.on('close', (code) => {
  console.log(JSON.stringify({ closed: code }));
  process.exit(0);
});
socket.on('error', (error) => {
  console.error(error.message);
  process.exit(1);
});
