using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Association;

namespace Declarative.Dicom.Tool.Cli;

/// <summary>What was negotiated, in the words of echoscu -v: the peer's implementation, PDU size and each context.</summary>
internal static class AssociationText
{
    public static void Write(TextWriter output, DicomAssociationInfo info)
    {
        output.WriteLine($"  peer implementation: {info.PeerImplementationClassUid ?? "?"} {info.PeerImplementationVersionName ?? string.Empty}".TrimEnd());
        output.WriteLine($"  peer maximum PDU: {(info.PeerMaxPduLength == 0 ? "unlimited" : info.PeerMaxPduLength.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        foreach (var context in info.PresentationContexts)
        {
            var syntax = context.IsAccepted ? DicomUidDictionary.Describe(context.TransferSyntax) : "-";
            output.WriteLine($"  context {context.Id}: {DicomUidDictionary.Describe(context.AbstractSyntax)}, {syntax}: {Result(context)}");
        }
    }

    private static string Result(NegotiatedContext context) =>
        context.IsAccepted ? "accepted" : $"rejected ({context.Result})";
}
