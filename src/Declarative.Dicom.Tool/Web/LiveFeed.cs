using System.Text.Json;
using System.Threading.Channels;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;

namespace Declarative.Dicom.Tool.Web;

/// <summary>
/// What the live page shows, as JSON events: associations as they open and end, and reports as they arrive.
/// Keeps the last <see cref="History"/> events for a page opened late; each open page has its own bounded
/// channel, and a page that cannot keep up loses its oldest events rather than slowing the DICOM side.
/// </summary>
internal sealed class LiveFeed
{
    public const int History = 500;
    private readonly object _gate = new();
    private readonly Queue<string> _recent = new();
    private readonly List<Channel<string>> _pages = [];

    // When each association still open was established, for its duration when it ends.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DicomAssociation, object> _established = [];

    public void Publish(string json)
    {
        lock (_gate)
        {
            _recent.Enqueue(json);
            if (_recent.Count > History)
            {
                _recent.Dequeue();
            }

            foreach (var page in _pages)
            {
                page.Writer.TryWrite(json);
            }
        }
    }

    public void AssociationEstablished(DicomAssociation association)
    {
        _established.AddOrUpdate(association, DateTimeOffset.Now);
        Publish(AssociationEvent("established", association, null));
    }

    public void AssociationEnded(DicomAssociation association)
    {
        TimeSpan? duration = _established.TryGetValue(association, out var since) ? DateTimeOffset.Now - (DateTimeOffset)since : null;
        Publish(AssociationEvent(association.Failure is null ? "released" : "aborted", association, duration));
    }

    /// <summary>A page's subscription: the history first, then every event as it is published, until disposed.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(History) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            foreach (var json in _recent)
            {
                channel.Writer.TryWrite(json);
            }

            _pages.Add(channel);
        }

        return new Subscription(this, channel);
    }

    private static string AssociationEvent(string state, DicomAssociation association, TimeSpan? duration)
    {
        // An association that ended before it was established has no Info: it shows as its endpoint only.
        var info = association.Established.IsCompletedSuccessfully ? association.Info : null;
        // Who ended it: a release is asked for by the requestor (the peer, for a listener); an abort says who in its message.
        var by = state == "released" ? (info?.IsRequestor == true ? "us" : "the peer") : null;
        return JsonSerializer.Serialize(new
        {
            kind = "association",
            state,
            time = DateTimeOffset.Now,
            callingAE = info?.CallingAETitle,
            calledAE = info?.CalledAETitle,
            remote = association.RemoteEndPoint?.ToString(),
            contexts = info?.PresentationContexts.Count(c => c.IsAccepted),
            error = association.Failure?.Message,
            by,
            seconds = duration?.TotalSeconds,
        });
    }

    public sealed class Subscription(LiveFeed feed, Channel<string> channel) : IDisposable
    {
        public ChannelReader<string> Events => channel.Reader;

        public void Dispose()
        {
            lock (feed._gate)
            {
                feed._pages.Remove(channel);
            }
        }
    }
}
