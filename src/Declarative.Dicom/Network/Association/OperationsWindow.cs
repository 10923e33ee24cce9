namespace Declarative.Dicom.Network.Association;

/// <summary>
/// The asynchronous operations window (PS3.7 D.3.3.3) from both sides. The requestor proposes how many operations
/// it may invoke and perform at once; the acceptor answers how many it will invoke (at most what the requestor
/// performs) and how many it lets the requestor invoke (at most what the requestor proposed). 0 is "no limit";
/// an absent item is 1 and 1. Effective windows are capped at <see cref="MaxSlots"/>, the most requests we keep
/// slots for, so that "no limit" never means unbounded memory.
/// </summary>
internal static class OperationsWindow
{
    public const int MaxSlots = 256;

    /// <summary>The item a requestor sends: none when it asks for the synchronous default.</summary>
    public static (ushort Invoked, ushort Performed)? Propose(DicomAssociationOptions options) =>
        options.MaxOperationsInvoked == 1 && options.MaxOperationsPerformed == 1 ? null : (options.MaxOperationsInvoked, options.MaxOperationsPerformed);

    /// <summary>The acceptor's answer: present only when the requestor proposed one (PS3.7 D.3.3.3).</summary>
    public static (ushort Invoked, ushort Performed)? Answer((ushort Invoked, ushort Performed)? proposed, DicomAssociationOptions options) =>
        proposed is { } p ? (Min(options.MaxOperationsInvoked, p.Performed), Min(options.MaxOperationsPerformed, p.Invoked)) : null;

    /// <summary>The requestor's windows once the acceptor answered: what it invokes, what it performs.</summary>
    public static (int Invoked, int Performed) ForRequestor((ushort Invoked, ushort Performed)? proposed, (ushort Invoked, ushort Performed)? answered) =>
        proposed is { } p && answered is { } a ? (Effective(Min(p.Invoked, a.Performed)), Effective(Min(p.Performed, a.Invoked))) : (1, 1);

    /// <summary>The acceptor's windows: what it invokes, what it performs.</summary>
    public static (int Invoked, int Performed) ForAcceptor((ushort Invoked, ushort Performed)? answered) =>
        answered is { } a ? (Effective(a.Invoked), Effective(a.Performed)) : (1, 1);

    /// <summary>The smaller of two limits where 0 is "no limit".</summary>
    private static ushort Min(ushort a, ushort b) => a == 0 ? b : b == 0 ? a : Math.Min(a, b);

    private static int Effective(ushort limit) => limit == 0 ? MaxSlots : Math.Min((int)limit, MaxSlots);
}
