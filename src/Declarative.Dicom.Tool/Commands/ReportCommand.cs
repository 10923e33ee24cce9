using System.CommandLine;
using System.Text;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Tool.Cli;
using Declarative.Dicom.Tool.Dump;

namespace Declarative.Dicom.Tool.Commands;

/// <summary>`report AE@host:port --sop-class X --event-type N --info file.json`: one N-EVENT-REPORT from DICOM JSON, as the SCP sends it.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var peer = new Argument<string>("peer") { Description = "the receiver: AE@host:port, or a name from the peers file" };
        var sopClass = new Option<string>("--sop-class") { Description = "SOP class UID or keyword (StorageCommitmentPushModel, ModalityPerformedProcedureStep, ...)", Required = true };
        var eventType = new Option<ushort>("--event-type") { Description = "Event Type ID", Required = true };
        var info = new Option<string?>("--info") { Description = "the Event Information as a DICOM JSON file (PS3.18 F.2); none sends no dataset" };
        var instance = new Option<string?>("--instance") { Description = "Affected SOP Instance UID (default: the class's well-known instance)" };
        var command = new Command("report", "Send one N-EVENT-REPORT and print the status the receiver answers.") { peer, sopClass, eventType, info, instance };
        command.SetAction(DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            var remote = CommonOptions.Peer(parsed, peer);
            var classUid = SopClassNames.Resolve(parsed.GetRequiredValue(sopClass));
            var instanceUid = parsed.GetValue(instance) ?? SopClassNames.WellKnownInstanceOf(classUid)
                ?? throw new UsageException($"{DicomUidDictionary.Describe(classUid)} has no well-known instance; give --instance UID");
            var typeId = parsed.GetValue(eventType);
            var dataset = parsed.GetValue(info) is { } file ? DicomJsonFiles.Read(file, "--info") : null;
            Warn(classUid, typeId, dataset);

            using var loggers = CommonOptions.Loggers(parsed);
            var options = CommonOptions.ClientOptions(parsed);
            // The SCP of a DIMSE-N class sends the report: on an association it opens, it proposes the SCP role (PS3.7 D.3.3.4).
            await using var association = await DicomClient.ConnectAsync(remote,
                [new PresentationContextRequest(classUid) { ScuRole = false, ScpRole = true }], options, loggerFactory: loggers, cancellationToken: cancellationToken);
            var response = await association.SendAsync(new NEventReportRequest(classUid, instanceUid, typeId, dataset), cancellationToken);
            Console.WriteLine($"N-EVENT-REPORT {DicomUidDictionary.Describe(classUid)} event type {typeId} to {remote}: {StatusText.Describe(response)}");
            if (response.Dataset is { } reply)
            {
                var text = new StringBuilder();
                DcmdumpFormat.Dataset(text, reply, DicomTransferSyntax.ImplicitVRLittleEndian, 1);
                Console.Write(text);
            }

            await association.ReleaseAsync(cancellationToken);
            return response.Status.Category == DimseStatusCategory.Failure ? ExitCodes.Failure : ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The catalogue's view of what is about to be sent: sent anyway (the tool tests peers), but said on stderr.</summary>
    private static void Warn(string classUid, ushort typeId, DicomDataset? dataset)
    {
        if (ServiceClassCatalogue.FindSopClass(classUid) is not { } known)
        {
            return;
        }

        if (known.FindEventType(typeId) is not { } type)
        {
            Console.Error.WriteLine($"warning: PS3.4 defines no event type {typeId} for {known.Keyword} (known: {string.Join(", ", known.EventTypes.Select(t => $"{t.Id} {t.Name}"))})");
            return;
        }

        var missing = type.Information.Where(a => a.IsRequired && dataset?.Contains(new DicomTag(a.Tag)) != true).Select(a => a.Keyword).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"warning: the Event Information of '{type.Name}' lacks Type 1 attribute(s) {string.Join(", ", missing)}");
        }
    }
}
