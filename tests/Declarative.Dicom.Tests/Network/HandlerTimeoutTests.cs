using Declarative.Dicom.Data;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tests.Network;

/// <summary>A handler that hangs gets its token cancelled at the handler time-out; the peer gets 0x0110 and the association goes on.</summary>
public class HandlerTimeoutTests
{
    private const string Verification = "1.2.840.10008.1.1";
    private const string StorageCommitment = "1.2.840.10008.1.20.1";

    /// <summary>N-EVENT-REPORT event type 1 hangs until cancelled, type 2 hangs ignoring its token; C-ECHO answers at once.</summary>
    private sealed class HangingHandler : IDicomServiceHandler
    {
        public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; } =
            [new PresentationContextPolicy(Verification), new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }];

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken)
        {
            switch (request)
            {
                case NEventReportRequest { EventTypeId: 1 }:
                    cancellationToken.Register(() => Cancelled.TrySetResult());
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    break;
                case NEventReportRequest:
                    await new TaskCompletionSource().Task; // never completes, never looks at its token
                    break;
            }

            return new DimseResponse(DimseStatus.Success);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task HungHandler_Answers0110AtTheTimeout_AndTheNextRequestIsServed(ushort eventType)
    {
        var handler = new HangingHandler();
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0, HandlerTimeout = TimeSpan.FromMilliseconds(300) }, handler).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", server.Port),
            [new PresentationContextRequest(Verification), new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }]);
        var started = DateTime.UtcNow;

        var hung = await association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", eventType));
        var waited = DateTime.UtcNow - started;
        var echo = await association.SendAsync(new CEchoRequest());

        Assert.Equal(DimseStatus.ProcessingFailure, hung.Status);
        Assert.Equal("the handler did not answer within 0.3 s", hung.ErrorComment);
        Assert.InRange(waited, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.Equal(DimseStatus.Success, echo.Status);
        if (eventType == 1)
        {
            await handler.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)); // the handler was told
        }

        await association.ReleaseAsync();
    }

    /// <summary>Event type 1 waits for its cue past its deadline, ignoring its token, then reads its Event Information.</summary>
    private sealed class LateReader : IDicomServiceHandler
    {
        public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; } = [new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }];

        public TaskCompletionSource ReadNow { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> ReadLate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken)
        {
            var report = (NEventReportRequest)request;
            if (report.EventTypeId == 1)
            {
                await ReadNow.Task;
                ReadLate.TrySetResult(report.EventInformation!.GetString(DicomTag.TransactionUID));
            }

            return new DimseResponse(DimseStatus.Success);
        }
    }

    [Fact]
    public async Task AHandlerPastItsDeadline_StillReadsItsOwnRequest_WhileTheNextRequestIsServed()
    {
        // What a request is lent goes back to the pool when it is answered, except when its handler may still be running.
        var handler = new LateReader();
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0, HandlerTimeout = TimeSpan.FromMilliseconds(200) }, handler).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", server.Port),
            [new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }]);
        DicomDataset Information(string transaction) => new DicomDataset().Set(DicomTag.TransactionUID, transaction);

        var late = await association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 1, Information("1.2.3.111")));
        var next = await association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 2, Information("1.2.3.222")));
        handler.ReadNow.SetResult();

        Assert.Equal(DimseStatus.ProcessingFailure, late.Status);
        Assert.Equal(DimseStatus.Success, next.Status);
        Assert.Equal("1.2.3.111", await handler.ReadLate.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await association.ReleaseAsync();
    }
}
