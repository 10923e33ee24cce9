using Declarative.Dicom;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using PrivateSopClassSample;

// Handlers for a private SOP class: listens on a free loopback port, sends itself an alert and an
// acknowledgement request, prints both and the Event Reply that comes back.
await using var server = new DicomServer(new DicomServerOptions { AETitle = "ACME", Port = 0 }, new AcmeAlerts()).Start();
await using (var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("ACME", "127.0.0.1", server.Port),
    [new PresentationContextRequest(AcmeAlerts.SopClassUid) { ScuRole = false, ScpRole = true }]))
{
    var alert = new DicomDataset()
        .Set(new DicomTag(0x0009, 0x0010), DicomVR.LO, "ACME 1.0")
        .Set(new DicomTag(0x0009, 0x1010), DicomVR.LO, "door 3 open")
        .Set<ushort>(new DicomTag(0x0009, 0x1011), DicomVR.US, 2);
    var response = await association.SendAsync(new NEventReportRequest(AcmeAlerts.SopClassUid, DicomUid.Generate(), 1, alert));
    Console.WriteLine($"Answered {response.Status}");

    var question = new DicomDataset()
        .Set(new DicomTag(0x0009, 0x0010), DicomVR.LO, "ACME 1.0")
        .Set(new DicomTag(0x0009, 0x1010), DicomVR.LO, "door 3 open");
    var acknowledged = await association.SendAsync(new NEventReportRequest(AcmeAlerts.SopClassUid, DicomUid.Generate(), 2, question));
    Console.WriteLine($"Answered {acknowledged.Status}, acknowledged by {acknowledged.Dataset?.GetStringOrDefault(new DicomTag(0x0009, 0x1020)) ?? "nobody"}");
    await association.ReleaseAsync();
}

await server.StopAsync(drain: TimeSpan.FromSeconds(5));
return 0;
