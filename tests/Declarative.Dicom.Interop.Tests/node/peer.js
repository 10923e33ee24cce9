'use strict';
// dcmjs-dimse as a real peer for the interop tests, on 127.0.0.1 only.
//   node peer.js scu <port> <callingAe> <calledAe> <requests.json>
//     sends each request (N-EVENT-REPORT, N-ACTION, N-CREATE, N-SET, N-GET, C-FIND) on one association and prints one JSON
//     line per response; a request's "context" names the SOP class of the context it goes on when that is not its own
//     (UPS requests name UPS Push on Pull and Watch contexts: dcmjs's meta SOP class)
//   node peer.js scp <port> <config.json>
//     accepts the configured abstract syntaxes, prints one JSON line per request and answers with the configured status
// Datasets are in dcmjs's naturalized form ({ "TransactionUID": "...", "ReferencedSOPSequence": [{...}] }).
const fs = require('fs');
const dimse = require('dcmjs-dimse');
const { Client, Server, Scp, Dataset, constants } = dimse;
const { PresentationContext } = dimse.association;
const { NEventReportRequest, NActionRequest, NCreateRequest, NSetRequest, NGetRequest, CFindRequest } = dimse.requests;
const { NEventReportResponse, NActionResponse } = dimse.responses;

dimse.log.setLevel('error');
const print = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const [mode, ...args] = process.argv.slice(2);

if (mode === 'scu') {
  const [port, callingAe, calledAe, requestsFile] = args;
  const specs = JSON.parse(fs.readFileSync(requestsFile, 'utf8'));
  const client = new Client();
  for (const spec of specs) {
    let request;
    if (spec.type === 'N-EVENT-REPORT') {
      request = new NEventReportRequest(spec.sopClass, spec.sopInstance, spec.typeId);
    } else if (spec.type === 'N-ACTION') {
      request = new NActionRequest(spec.sopClass, spec.sopInstance, spec.typeId);
    } else if (spec.type === 'N-CREATE') {
      request = new NCreateRequest(spec.sopClass, spec.sopInstance);
    } else if (spec.type === 'N-SET') {
      request = new NSetRequest(spec.sopClass, spec.sopInstance);
    } else if (spec.type === 'N-GET') {
      request = new NGetRequest(spec.sopClass, spec.sopInstance, spec.attributes || []);
    } else if (spec.type === 'C-FIND') {
      request = new CFindRequest();
      request.setAffectedSopClassUid(spec.sopClass);
    } else {
      throw new Error(`unknown request type ${spec.type}`);
    }
    if (spec.dataset) {
      request.setDataset(new Dataset(spec.dataset));
    }
    if (spec.context) {
      request.setMetaSopClassUid(spec.context);
    }
    request.on('response', (response) => {
      const dataset = response.getDataset();
      print({
        type: spec.type,
        status: response.getStatus(),
        typeId: spec.type === 'N-EVENT-REPORT' ? response.getEventTypeId() : spec.type === 'N-ACTION' ? response.getActionTypeId() : null,
        sopInstance: response.getAffectedSopInstanceUid() || null,
        errorComment: response.getErrorComment ? response.getErrorComment() || null : null,
        dataset: dataset ? dataset.getElements() : null,
      });
    });
    client.addRequest(request);
  }
  if (specs.some((s) => s.scpRole)) {
    const context = new PresentationContext(0, specs.find((s) => s.scpRole).sopClass, constants.TransferSyntax.ImplicitVRLittleEndian, undefined, false, true);
    client.addAdditionalPresentationContext(context, true);
  }
  client.on('networkError', (e) => { print({ error: String(e) }); process.exitCode = 3; });
  client.on('associationRejected', (r) => { print({ rejected: r }); process.exitCode = 4; });
  client.on('closed', () => print({ closed: true }));
  client.send('127.0.0.1', Number(port), callingAe, calledAe);
} else if (mode === 'scp') {
  const [port, configFile] = args;
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  class TestScp extends Scp {
    associationRequested(association) {
      this.association = association;
      for (const context of association.getPresentationContexts()) {
        const pc = association.getPresentationContext(context.id);
        const syntaxes = pc.getTransferSyntaxUids();
        const accepted = [constants.TransferSyntax.ExplicitVRLittleEndian, constants.TransferSyntax.ImplicitVRLittleEndian]
          .find((ts) => syntaxes.includes(ts));
        if (config.abstractSyntaxes.includes(pc.getAbstractSyntaxUid()) && accepted) {
          pc.setResult(constants.PresentationContextResult.Accept, accepted);
        } else {
          pc.setResult(constants.PresentationContextResult.RejectAbstractSyntaxNotSupported);
        }
      }
      this.sendAssociationAccept();
    }
    nEventReportRequest(request, callback) {
      this._record('N-EVENT-REPORT', request, request.getEventTypeId());
      const response = NEventReportResponse.fromRequest(request);
      response.setStatus(config.status ?? 0);
      callback(response);
    }
    nActionRequest(request, callback) {
      this._record('N-ACTION', request, request.getActionTypeId());
      const response = NActionResponse.fromRequest(request);
      response.setStatus(config.status ?? 0);
      if (config.actionReply) {
        response.setDataset(new Dataset(config.actionReply));
      }
      callback(response);
    }
    associationReleaseRequested() {
      this.sendAssociationReleaseResponse();
    }
    _record(type, request, typeId) {
      const dataset = request.getDataset();
      print({
        type,
        sopClass: request.getAffectedSopClassUid ? request.getAffectedSopClassUid() || request.getRequestedSopClassUid() : undefined,
        sopInstance: request.getAffectedSopInstanceUid ? request.getAffectedSopInstanceUid() || request.getRequestedSopInstanceUid() : undefined,
        typeId,
        callingAe: this.association.getCallingAeTitle(),
        dataset: dataset ? dataset.getElements() : null,
      });
    }
  }
  const server = new Server(TestScp);
  server.on('networkError', (e) => print({ error: String(e) }));
  server.listen(Number(port), '127.0.0.1');
  print({ listening: Number(port) });
} else {
  console.error('usage: node peer.js scu|scp ...');
  process.exit(64);
}
