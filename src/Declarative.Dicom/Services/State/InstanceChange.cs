using Declarative.Dicom.Data;

namespace Declarative.Dicom.State;

/// <summary>
/// What an application's own rule sees before a change to a managed instance commits: the instance as stored (null for an
/// N-CREATE), the instance as it would be after the change, the attributes the request carried, and the transaction —
/// to queue the reports the change causes, which then commit or roll back with it.
/// </summary>
public sealed class InstanceChange
{
    internal InstanceChange(StoredInstance? current, StoredInstance proposed, DicomDataset requested, IInstanceTransaction transaction)
    {
        Current = current;
        Proposed = proposed;
        Requested = requested;
        Transaction = transaction;
    }

    public StoredInstance? Current { get; }

    public StoredInstance Proposed { get; }

    /// <summary>The request's attributes (a copy of its own: it outlives the call).</summary>
    public DicomDataset Requested { get; }

    public IInstanceTransaction Transaction { get; }
}

/// <summary>
/// An application's rule over a change the standard's rules allowed: Success (or a Warning) commits it, any other status
/// rolls it back and is what the peer receives.
/// </summary>
public delegate ValueTask<DimseResult> InstanceRule(InstanceChange change, CancellationToken cancellationToken);
