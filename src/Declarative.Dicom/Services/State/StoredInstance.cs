using Declarative.Dicom.Data;

namespace Declarative.Dicom.State;

/// <summary>
/// A normalized SOP instance the framework keeps (a performed procedure step, a workitem, a commitment transaction):
/// its attributes, the state its state machine gives it, and the version optimistic concurrency compares. A new
/// instance has version 0; each committed change adds one.
/// </summary>
public sealed record StoredInstance(string SopClassUid, string SopInstanceUid, string State, long Version, DicomDataset Dataset, DateTimeOffset UpdatedAt)
{
    /// <summary>The same instance after a change: new state and attributes, the version the store will give it.</summary>
    public StoredInstance Changed(string state, DicomDataset dataset) => this with { State = state, Dataset = dataset, Version = Version + 1, UpdatedAt = DateTimeOffset.UtcNow };
}
