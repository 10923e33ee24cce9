using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;
using Declarative.Dicom.Outbox;

namespace Declarative.Dicom.State;

/// <summary>
/// Managed instances in memory, with the same transaction and concurrency rules as <see cref="SqliteInstanceStore"/>: for
/// tests, and as the baseline the durable stores are measured against. Nothing survives the process. One writer at a
/// time (as SQLite's BEGIN IMMEDIATE); a transaction's changes and reports become visible together at commit.
/// </summary>
public sealed class InMemoryInstanceStore : IInstanceStore
{
    private readonly Dictionary<(string, string), StoredInstance> _instances = [];
    private readonly List<(string, string)> _order = []; // insertion order, which ListAsync keeps
    private readonly InMemoryReportOutboxStore _outbox = new();
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly object _gate = new();

    public IReportOutboxStore Outbox => _outbox;

    public Task<StoredInstance?> FindAsync(string sopClassUid, string sopInstanceUid, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.TryGetValue((sopClassUid, sopInstanceUid), out var found) ? Copy(found) : null);
        }
    }

    public async IAsyncEnumerable<StoredInstance> ListAsync(string sopClassUid, string? state = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<StoredInstance> matching;
        lock (_gate)
        {
            matching = _order.Where(key => key.Item1 == sopClassUid).Select(key => _instances[key])
                .Where(instance => state is null || instance.State == state).Select(Copy).ToList();
        }

        foreach (var instance in matching)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return instance;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public async Task<IInstanceTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Transaction(this);
    }

    // Each reader gets its own dataset: a caller changing what it read changes nothing stored (as a decoded row would).
    private static StoredInstance Copy(StoredInstance instance) => instance with { Dataset = instance.Dataset.Keep() };

    private sealed class Transaction(InMemoryInstanceStore store) : IInstanceTransaction
    {
        private readonly Dictionary<(string, string), StoredInstance?> _writes = []; // null: deleted
        private readonly List<OutboxReport> _reports = [];
        private bool _ended;

        public Task<StoredInstance?> FindAsync(string sopClassUid, string sopInstanceUid, CancellationToken cancellationToken = default) =>
            _writes.TryGetValue((sopClassUid, sopInstanceUid), out var written)
                ? Task.FromResult(written is null ? null : Copy(written))
                : store.FindAsync(sopClassUid, sopInstanceUid, cancellationToken);

        public async Task InsertAsync(StoredInstance instance, CancellationToken cancellationToken = default)
        {
            if (await FindAsync(instance.SopClassUid, instance.SopInstanceUid, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new DuplicateInstanceException(instance.SopClassUid, instance.SopInstanceUid);
            }

            _writes[(instance.SopClassUid, instance.SopInstanceUid)] = Copy(instance with { Version = 0 });
        }

        public async Task UpdateAsync(StoredInstance instance, CancellationToken cancellationToken = default)
        {
            var current = await FindAsync(instance.SopClassUid, instance.SopInstanceUid, cancellationToken).ConfigureAwait(false);
            if (current is null || current.Version != instance.Version - 1)
            {
                throw new InstanceConcurrencyException(instance.SopInstanceUid, instance.Version - 1);
            }

            _writes[(instance.SopClassUid, instance.SopInstanceUid)] = Copy(instance);
        }

        public async Task DeleteAsync(StoredInstance instance, CancellationToken cancellationToken = default)
        {
            var current = await FindAsync(instance.SopClassUid, instance.SopInstanceUid, cancellationToken).ConfigureAwait(false);
            if (current is null || current.Version != instance.Version)
            {
                throw new InstanceConcurrencyException(instance.SopInstanceUid, instance.Version);
            }

            _writes[(instance.SopClassUid, instance.SopInstanceUid)] = null;
        }

        public Task EnqueueReportAsync(OutboxReport report, CancellationToken cancellationToken = default)
        {
            _reports.Add(report);
            return Task.CompletedTask;
        }

        public Task CommitAsync(CancellationToken cancellationToken = default)
        {
            lock (store._gate)
            {
                foreach (var (key, instance) in _writes)
                {
                    if (instance is null)
                    {
                        store._instances.Remove(key);
                        store._order.Remove(key);
                    }
                    else
                    {
                        if (!store._instances.ContainsKey(key))
                        {
                            store._order.Add(key);
                        }

                        store._instances[key] = instance;
                    }
                }
            }

            store._outbox.AddRange(_reports);
            End();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            End();
            return ValueTask.CompletedTask;
        }

        private void End()
        {
            if (!_ended)
            {
                _ended = true;
                store._writer.Release();
            }
        }
    }
}
