using Declarative.Dicom.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Declarative.Dicom.Hosting;

/// <summary>Runs a <see cref="DicomServer"/> for the lifetime of the host; stopping drains associations for up to <see cref="DicomHostingOptions.DrainTimeout"/>.</summary>
internal sealed class DicomServerHostedService : IHostedService, IAsyncDisposable
{
    private readonly IOptions<DicomServerOptions> _options;
    private readonly IOptions<DicomHostingOptions> _hosting;
    private readonly IServiceScopeFactory _scopes;
    private readonly DicomHandlerRegistry _registry;
    private readonly ILoggerFactory _loggers;
    private DicomServer? _server;

    public DicomServerHostedService(IOptions<DicomServerOptions> options, IOptions<DicomHostingOptions> hosting, IServiceScopeFactory scopes,
        DicomHandlerRegistry registry, ILoggerFactory loggers)
    {
        _options = options;
        _hosting = hosting;
        _scopes = scopes;
        _registry = registry;
        _loggers = loggers;
    }

    /// <summary>The running server (its port when the options said 0).</summary>
    public DicomServer Server => _server ?? throw new InvalidOperationException("The DICOM server has not started.");

    /// <summary>The server, or null before the host started it.</summary>
    public DicomServer? StartedServer => _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_registry.HandlerTypes.Count == 0)
        {
            throw new InvalidOperationException("AddDicomServer() has no handlers: add them with AddEventReportHandlers<T>() or AddHandler<T>().");
        }

        _server = new DicomServer(_options.Value, new ScopedHandlerFactory(_scopes, _registry.HandlerTypes), _loggers).Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server?.StopAsync(_hosting.Value.DrainTimeout) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The handler classes registered with <see cref="DicomServerBuilder"/>.</summary>
internal sealed class DicomHandlerRegistry
{
    public List<Type> HandlerTypes { get; } = [];
}

/// <summary>Hosting settings beyond the server's own.</summary>
public sealed class DicomHostingOptions
{
    /// <summary>How long a stopping host lets open associations finish before aborting them.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
