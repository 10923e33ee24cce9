using Declarative.Dicom.Network;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>Stopping with a drain time: work in flight finishes and is answered; new requests meanwhile get a transient reject.</summary>
public class DrainTests
{
    private const string StorageCommitment = "1.2.840.10008.1.20.1";

    /// <summary>Answers each report after the test lets it go, so that one can be in flight while the server stops.</summary>
    private sealed class GatedHandler : IDicomServiceHandler
    {
        public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; } = [new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }];

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Gate.Task;
            return new DimseResponse(DimseStatus.Success);
        }
    }

    [Fact]
    public async Task StopWithDrain_TheHandlerInFlightIsAnswered_NewRequestsAreRejectedTransiently_ThenTheServerStops()
    {
        var handler = new GatedHandler();
        var server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0 }, handler).Start();
        var us = new RemoteApplicationEntity("US", "127.0.0.1", server.Port);
        var proposal = new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true };
        await using var association = await DicomClient.ConnectAsync(us, [proposal]);
        var inFlight = association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 1)).AsTask();
        await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var stopping = server.StopAsync(drain: TimeSpan.FromSeconds(30));
        var latecomer = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => DicomClient.ConnectAsync(us, [proposal]));
        handler.Gate.SetResult();
        var answer = await inFlight.WaitAsync(TimeSpan.FromSeconds(10));
        await association.ReleaseAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((RejectResult.Transient, RejectSource.ServiceProviderPresentation, RejectReasons.PresentationTemporaryCongestion),
            (latecomer.Result, latecomer.RejectSource, latecomer.Reason));
        Assert.Equal(DimseStatus.Success, answer.Status);
        Assert.False(stopping.IsFaulted);
        await Assert.ThrowsAnyAsync<Exception>(() => DicomClient.ConnectAsync(us, [proposal], new DicomClientOptions { ConnectTimeout = TimeSpan.FromSeconds(2) }));
    }
}
