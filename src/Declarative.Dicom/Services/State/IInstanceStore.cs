namespace Declarative.Dicom.State;

/// <summary>
/// Where the framework keeps managed SOP instances and the reports their changes cause: a SQLite file by default
/// (<see cref="SqliteInstanceStore"/>); a shared database (PostgreSQL, in a package of its own) takes its place behind this
/// interface when several nodes serve the same instances. Reads outside a transaction see committed data only.
/// </summary>
public interface IInstanceStore
{
    Task<StoredInstance?> FindAsync(string sopClassUid, string sopInstanceUid, CancellationToken cancellationToken = default);

    /// <summary>The instances of a SOP class, in a state or all, oldest first: what a C-FIND over workitems matches.</summary>
    IAsyncEnumerable<StoredInstance> ListAsync(string sopClassUid, string? state = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// A unit of work: its changes and the reports they cause are all kept at <see cref="IInstanceTransaction.CommitAsync"/>,
    /// or none is (disposing without committing rolls back).
    /// </summary>
    Task<IInstanceTransaction> BeginAsync(CancellationToken cancellationToken = default);

    /// <summary>The outbox the reports written in this store's transactions are delivered from (give it to a <c>ReportOutbox</c>).</summary>
    Outbox.IReportOutboxStore Outbox { get; }
}

/// <summary>One transaction of an <see cref="IInstanceStore"/>. Not thread-safe: one request's unit of work.</summary>
public interface IInstanceTransaction : IAsyncDisposable
{
    /// <summary>Reads inside the transaction: what it wrote so far included.</summary>
    Task<StoredInstance?> FindAsync(string sopClassUid, string sopInstanceUid, CancellationToken cancellationToken = default);

    /// <summary>Adds a new instance (its version is 0). <see cref="DuplicateInstanceException"/> when the UID is taken.</summary>
    Task InsertAsync(StoredInstance instance, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the instance that has version <c>instance.Version - 1</c> (what <see cref="StoredInstance.Changed"/> gives).
    /// <see cref="InstanceConcurrencyException"/> when another change committed in between, or the instance is gone.
    /// </summary>
    Task UpdateAsync(StoredInstance instance, CancellationToken cancellationToken = default);

    /// <summary>Removes the instance at the version read; <see cref="InstanceConcurrencyException"/> as for <see cref="UpdateAsync"/>.</summary>
    Task DeleteAsync(StoredInstance instance, CancellationToken cancellationToken = default);

    /// <summary>Queues an N-EVENT-REPORT in the outbox, in this transaction: sent only if the change that caused it commits.</summary>
    Task EnqueueReportAsync(Outbox.OutboxReport report, CancellationToken cancellationToken = default);

    Task CommitAsync(CancellationToken cancellationToken = default);
}

/// <summary>A SOP Instance UID already in use (answered 0x0111 Duplicate SOP Instance).</summary>
public sealed class DuplicateInstanceException(string sopClassUid, string sopInstanceUid)
    : Exception($"{sopInstanceUid} ({sopClassUid}) exists already")
{
    public string SopInstanceUid { get; } = sopInstanceUid;
}

/// <summary>The instance changed (or went) since it was read: the caller reads it again and re-applies its rules.</summary>
public sealed class InstanceConcurrencyException(string sopInstanceUid, long expectedVersion)
    : Exception($"{sopInstanceUid} is no longer at version {expectedVersion}: it changed concurrently")
{
    public string SopInstanceUid { get; } = sopInstanceUid;
}
