using System.Text;
using System.Text.Json;
using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Fuzz;

/// <summary>
/// One entry per parser that reads a peer's bytes. Each reads its input the way the stack does and accepts only the
/// exceptions that stack turns into an A-ABORT or a failure status; any other exception is a finding.
/// </summary>
public static class FuzzTargets
{
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["pdu"] = Pdu,
        ["command"] = Command,
        ["dataset"] = Dataset,
        ["json"] = Json,
        ["proxy"] = Proxy,
        ["upsrs"] = UpsRsBody,
        ["upsevent"] = UpsEvent,
    };

    /// <summary>
    /// A UPS-RS request body as the origin server reads it, then as each transaction that carries one hands it to the UPS
    /// workflow (Create, Update, Change State, Request Cancellation of a workitem that exists): a hostile dataset is refused
    /// with a status, never an exception that would be answered 503 as if the worklist had failed.
    /// </summary>
    public static void UpsRsBody(byte[] input) => Expect(() =>
    {
        var dataset = AspNetCore.UpsRsRequestBody.Parse(input);
        var store = new State.InMemoryInstanceStore();
        var ups = new State.UnifiedProcedureStepWorkflow(store, new Outbox.ReportOutbox(store.Outbox, new Network.RemoteApplicationEntityTable()));
        const string Push = "1.2.840.10008.5.1.4.34.6.1";
        var existing = new DicomDataset()
            .Set(DicomTag.ProcedureStepState, "SCHEDULED").Set(DicomTag.ScheduledProcedureStepStartDateTime, "20261203100000")
            .Set(DicomTag.InputReadinessState, "READY").Set(DicomTag.ScheduledProcedureStepPriority, "LOW").Set(DicomTag.ProcedureStepLabel, "seed");
        Run(ups.CreateAsync(new NCreateRequest(Push, "1.2.3.1", existing)));
        Run(ups.CreateAsync(new NCreateRequest(Push, null, dataset.Keep())));
        Run(ups.SetAsync(new NSetRequest(Push, "1.2.3.1", dataset.Keep())));
        Run(ups.ChangeStateAsync(new NActionRequest(Push, "1.2.3.1", 1, dataset.Keep())));
        Run(ups.RequestCancelAsync(new NActionRequest(Push, "1.2.3.1", 2, dataset.Keep())));

        static void Run(Task<DimseResult> transaction) => _ = transaction.GetAwaiter().GetResult().Status;
    });

    /// <summary>A message on a UPS-RS notification connection as the watcher reads it, its Event Information walked.</summary>
    public static void UpsEvent(byte[] input) => Expect(() => Walk(Web.UpsEventFrame.Read(input).Report.EventInformation!, 0));

    /// <summary>A PROXY protocol v2 header as the listener reads it: the fixed 16 bytes, then as many as they announce.</summary>
    public static void Proxy(byte[] input) => Expect(() =>
    {
        var fixedPart = input.AsSpan(0, Math.Min(input.Length, Network.ProxyProtocolHeader.FixedLength));
        var length = Network.ProxyProtocolHeader.VariableLength(fixedPart);
        if (input.Length - fixedPart.Length >= length)
        {
            _ = Network.ProxyProtocolHeader.Source(fixedPart, input.AsSpan(fixedPart.Length, length))?.ToString();
        }
    });

    /// <summary>A PDU as the reader hands it over: the type byte, then the body.</summary>
    public static void Pdu(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        Expect(() =>
        {
            var pdu = PduParser.Parse((PduType)input[0], input.AsMemory(1));
            if (pdu is PDataTfPdu data)
            {
                foreach (var value in data.Values)
                {
                    _ = value.Fragment.Length;
                }
            }
        });
    }

    public static void Command(byte[] input) => Expect(() => _ = DimseCommandCodec.Decode(input).ToString());

    /// <summary>A dataset in the transfer syntax the first byte picks (implicit, explicit, deflated), read to its last element.</summary>
    public static void Dataset(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var syntax = (input[0] % 3) switch
        {
            0 => DicomTransferSyntax.ImplicitVRLittleEndian,
            1 => DicomTransferSyntax.ExplicitVRLittleEndian,
            _ => DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
        };
        Expect(() => Walk(DicomDataset.Decode(input.AsMemory(1), syntax), 0));
    }

    public static void Json(byte[] input)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(input);
        }
        catch (DecoderFallbackException)
        {
            return; // not text: the JSON reader is never handed it
        }

        Expect(() => Walk(DicomJsonReader.Read(text), 0));
    }

    /// <summary>Reads every element the way a handler might: its values as text, items recursively.</summary>
    private static void Walk(DicomDataset dataset, int depth)
    {
        foreach (var attribute in dataset)
        {
            switch (attribute)
            {
                case DicomSequence sequence:
                    for (var i = 0; i < sequence.Count; i++)
                    {
                        Walk(sequence[i], depth + 1);
                    }

                    break;
                case DicomElement element when element.VR.Kind is DicomVRKind.Text or DicomVRKind.SingleText:
                    _ = dataset.GetStringOrDefault(element.Tag);
                    break;
            }
        }
    }

    private static void Expect(Action read)
    {
        try
        {
            read();
        }
        catch (Exception ex) when (ex is DicomDataException or PduException or JsonException or Network.ProxyProtocolException or AspNetCore.UpsRsRefusal)
        {
            // Refused as the stack refuses it: A-ABORT, 0x0110 naming the offset, a JSON error, a closed connection (PROXY header),
            // or a UPS-RS status (400, 413, 415).
        }
    }
}
