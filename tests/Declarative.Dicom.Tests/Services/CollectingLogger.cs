using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Tests.Services;

/// <summary>Keeps every log line, so that a test can assert what was logged and at which level.</summary>
internal sealed class CollectingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));

    public bool Has(LogLevel level, string fragment) => Entries.Any(e => e.Level == level && e.Message.Contains(fragment, StringComparison.Ordinal));
}
