using Declarative.Dicom.Data;

namespace Declarative.Dicom.State;

/// <summary>
/// A normalized SOP instance the framework keeps (a performed procedure step, a workitem, a commitment transaction):
/// its attributes, the state its state machine gives it, and the version optimistic concurrency compares. A new
/// instance has version 0; each committed change adds one.
/// </summary>
public sealed record StoredInstance(string SopClassUid, string SopInstanceUid, string State, long Version, DicomDataset Dataset, DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// The lock an instance's owner holds, never returned to peers: a UPS's Transaction UID while it is IN PROGRESS
    /// (PS3.4 CC.2.1.3, CC.2.7.3), or the performer's AE beside it. Null when nobody holds one.
    /// </summary>
    public string? Lock { get; init; }

    /// <summary>The same instance after a change: new state and attributes, the version the store will give it.</summary>
    public StoredInstance Changed(string state, DicomDataset dataset) => this with { State = state, Dataset = dataset, Version = Version + 1, UpdatedAt = DateTimeOffset.UtcNow };
}
