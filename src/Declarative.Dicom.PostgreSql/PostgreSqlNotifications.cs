using Npgsql;

namespace Declarative.Dicom.PostgreSql;

/// <summary>
/// LISTEN on one channel over a connection of its own, started when the first handler subscribes. When the connection
/// is lost (the database restarted) it listens again after a delay, and raises the event once it does: notifications sent
/// in between were missed, and the handler looks anyway.
/// </summary>
internal sealed class PostgreSqlNotifications(NpgsqlDataSource dataSource, string channel, TimeSpan reconnectDelay) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private Action? _handlers;
    private Task? _loop;

    public event Action? Raised
    {
        add
        {
            lock (_gate)
            {
                _handlers += value;
                _loop ??= Task.Run(ListenLoopAsync);
            }
        }
        remove
        {
            lock (_gate)
            {
                _handlers -= value;
            }
        }
    }

    private void Raise() => Volatile.Read(ref _handlers)?.Invoke();

    private async Task ListenLoopAsync()
    {
        var missedSome = false;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(_stop.Token).ConfigureAwait(false);
                connection.Notification += (_, _) => Raise();
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(_stop.Token).ConfigureAwait(false);
                }

                if (missedSome)
                {
                    Raise();
                    missedSome = false;
                }

                while (true)
                {
                    await connection.WaitAsync(_stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                missedSome = true;
                try
                {
                    await Task.Delay(reconnectDelay, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
