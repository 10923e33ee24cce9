using Declarative.Dicom.Data;

namespace Declarative.Dicom.Network;

/// <summary>
/// What an acceptor accepts for one abstract syntax: the transfer syntaxes in order of preference and
/// the roles a requestor may take (PS3.7 D.3.3.4). By default a requestor is SCU only; a peer that
/// sends us N-EVENT-REPORTs on an association it opens proposes the SCP role, so a report listener
/// sets <see cref="RequestorMayBeScp"/>.
/// </summary>
public sealed record PresentationContextPolicy(string AbstractSyntax)
{
    /// <summary>Explicit first: it keeps VRs of private elements; Implicit is the one every peer must support.</summary>
    public static IReadOnlyList<string> DefaultTransferSyntaxes { get; } =
        [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];

    public IReadOnlyList<string> TransferSyntaxes { get; init; } = DefaultTransferSyntaxes;

    public bool RequestorMayBeScu { get; init; } = true;

    public bool RequestorMayBeScp { get; init; }

    /// <summary>
    /// Other SOP classes a request on this context may name as its affected class: UPS events come with
    /// UPS Push as the affected SOP class on a UPS Event context (PS3.4 CC.2.4).
    /// </summary>
    public IReadOnlyList<string> AlsoServes { get; init; } = [];
}

/// <summary>
/// A presentation context a requestor proposes. A role selection item is sent only when the roles differ
/// from the default (SCU only): unasked-for role items have broken real print and verification peers.
/// </summary>
public sealed record PresentationContextRequest(string AbstractSyntax)
{
    public IReadOnlyList<string> TransferSyntaxes { get; init; } = PresentationContextPolicy.DefaultTransferSyntaxes;

    /// <summary>We will invoke operations of this SOP class (the default).</summary>
    public bool ScuRole { get; init; } = true;

    /// <summary>We will perform operations, e.g. send N-EVENT-REPORTs, on an association we open.</summary>
    public bool ScpRole { get; init; }

    internal bool NeedsRoleSelection => !ScuRole || ScpRole;
}
