using System.Collections.Concurrent;
using System.Diagnostics;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tests.Network;

/// <summary>Every span of the runtime's activity source that ends while this lives (other tests' spans included: filter them).</summary>
internal sealed class RecordedSpans : IDisposable
{
    private readonly ActivityListener _listener;

    public RecordedSpans()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DicomActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ConcurrentQueue<Activity> Spans { get; } = new();

    public void Dispose() => _listener.Dispose();
}
