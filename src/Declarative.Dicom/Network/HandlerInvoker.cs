using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.Dimse;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Network;

/// <summary>
/// Calls the handler behind the seam and makes its answer sendable, the same way on a real association
/// and in the test host: a SOP class it does not serve gets 0x0118/0x0122, an exception gets 0x0110
/// with an Error Comment, a handler that does not answer within the handler time-out gets 0x0110 (its
/// token is cancelled; the association goes on), a reply dataset goes only with Success or Warning, and
/// one that cannot be encoded turns the response into 0x0110. One invoker serves one association: its calls are
/// made one at a time (from the receive loop), though a call that allowed concurrency may still be running when
/// the next is made.
/// </summary>
internal sealed class HandlerInvoker
{
    private readonly IDicomServiceHandler? _handler;
    private readonly ILogger _logger;
    private readonly TimeSpan _timeout;

    // Reused from request to request while no time-out fires: a timer per message would be garbage per message.
    private CancellationTokenSource? _deadline;

    public HandlerInvoker(IDicomServiceHandler? handler, ILogger logger, TimeSpan? timeout = null)
    {
        _handler = handler;
        _logger = logger;
        _timeout = timeout ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>
    /// True when the last call's deadline passed: its response went out, but the handler may still be running and
    /// reading its request, so what the request was lent must not be reused.
    /// </summary>
    public bool LastCallAbandoned { get; private set; }

    /// <summary>
    /// Calls the handler for one request. A handler that allowed concurrency (<see cref="DimseRequest.AllowConcurrency"/>)
    /// and is still running when this returns keeps a deadline of its own, so that the association may serve the next
    /// requests meanwhile; the others share one, reset from call to call.
    /// </summary>
    public ValueTask<DimseResponse> InvokeAsync(DimseRequest request, NegotiatedContext context, string association, CancellationToken cancellationToken)
    {
        LastCallAbandoned = false;
        if (Refusal(request, context, association) is { } refusal)
        {
            return ValueTask.FromResult(refusal);
        }

        if (_timeout == Timeout.InfiniteTimeSpan)
        {
            return CallAsync(request, cancellationToken, cancellationToken, association);
        }

        var deadline = _deadline ??= CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var call = CallAsync(request, deadline.Token, cancellationToken, association);
        if (call.IsCompleted)
        {
            Settle(deadline);
            return call;
        }

        if (request.ConcurrencyAllowed)
        {
            _deadline = null;
            return DisposeWhenDoneAsync(call, deadline, request);
        }

        return SettleWhenDoneAsync(call, deadline);
    }

    /// <summary>
    /// Calls the handler of a request answered by a stream (C-FIND) with the request's own token, which C-CANCEL cancels.
    /// No handler deadline: a stream of many matches takes as long as it takes, and ends when its token is cancelled.
    /// A handler that throws before it streams answers 0xC000 Unable to process (0x0110 is not a C-FIND status), or the status
    /// of the <see cref="DimseStatusException"/> it threw.
    /// </summary>
    public async ValueTask<DimseResponse> InvokeStreamAsync(DimseRequest request, NegotiatedContext context, string association, CancellationToken token)
    {
        LastCallAbandoned = false;
        if (Refusal(request, context, association) is { } refusal)
        {
            return refusal.Status == DimseStatus.ProcessingFailure ? DimseResponse.FromStatus(DimseStatus.UnableToProcess, refusal.ErrorComment) : refusal;
        }

        try
        {
            return await _handler!.HandleAsync(request, token).ConfigureAwait(false);
        }
        catch (DimseStatusException thrown)
        {
            return HandlerResults.Thrown(request, thrown);
        }
        catch (Exception ex)
        {
            NetworkLog.HandlerFailed(_logger, ex, association, request.ToString());
            return DimseResponse.FromStatus(DimseStatus.UnableToProcess, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>A SOP class not served here, or no handler at all: the answer without a call.</summary>
    private DimseResponse? Refusal(DimseRequest request, NegotiatedContext context, string association)
    {
        if (!IsServed(request, context))
        {
            var status = request.CommandField.IsNormalized() ? DimseStatus.NoSuchSopClass : DimseStatus.SopClassNotSupported;
            NetworkLog.SopClassNotServed(_logger, association, request.CommandField.ToDisplayName(), DicomUidDictionary.Describe(request.SopClassUid), status.Code);
            return DimseResponse.FromStatus(status, $"SOP class {request.SopClassUid} is not served here");
        }

        if (_handler is null)
        {
            // pynetdicom's default: verification always succeeds; anything else without a handler is 0x0110.
            return request is CEchoRequest
                ? new DimseResponse(DimseStatus.Success)
                : DimseResponse.FromStatus(DimseStatus.ProcessingFailure, "no handler is bound for this request");
        }

        return null;
    }

    /// <summary>The shared deadline is reset for the next call, unless it passed: then this call is abandoned and the next gets a new one.</summary>
    private void Settle(CancellationTokenSource deadline)
    {
        if (!deadline.TryReset())
        {
            LastCallAbandoned = true;
            deadline.Dispose();
            _deadline = null;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<DimseResponse> SettleWhenDoneAsync(ValueTask<DimseResponse> call, CancellationTokenSource deadline)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        finally
        {
            Settle(deadline);
        }
    }

    /// <summary>A call that may overlap others owns its deadline: nobody else resets it. One answered for at its deadline is marked abandoned.</summary>
    private static async ValueTask<DimseResponse> DisposeWhenDoneAsync(ValueTask<DimseResponse> call, CancellationTokenSource deadline, DimseRequest request)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        finally
        {
            request.OutlivedDeadline = deadline.IsCancellationRequested;
            deadline.Dispose();
        }
    }

    /// <summary>Calls the handler; its exception or a passed deadline becomes 0x0110, a <see cref="DimseStatusException"/> its own status.</summary>
    /// <param name="request">The request to answer.</param>
    /// <param name="token">What the handler gets: the association's token, or it linked with the deadline.</param>
    /// <param name="associationToken">The association's own token: cancelled when the association ends, not at the deadline.</param>
    /// <param name="association">The association's name, for the log.</param>
    private async ValueTask<DimseResponse> CallAsync(DimseRequest request, CancellationToken token, CancellationToken associationToken, string association)
    {
        try
        {
            var pending = _handler!.HandleAsync(request, token);
            if (pending.IsCompleted || token == associationToken)
            {
                // Done already, or no deadline: awaited as it is, without the task WaitAsync would allocate per message.
                return await pending.ConfigureAwait(false);
            }

            // A handler that ignores its token must not hold the association: stop waiting when the deadline passes.
            return await pending.AsTask().WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && !associationToken.IsCancellationRequested)
        {
            NetworkLog.HandlerTimedOut(_logger, association, request.ToString(), _timeout.TotalSeconds);
            return DimseResponse.FromStatus(DimseStatus.ProcessingFailure, $"the handler did not answer within {_timeout.TotalSeconds:0.###} s");
        }
        catch (DimseStatusException thrown)
        {
            return HandlerResults.Thrown(request, thrown);
        }
        catch (Exception ex)
        {
            NetworkLog.HandlerFailed(_logger, ex, association, request.ToString());
            return DimseResponse.FromStatus(DimseStatus.ProcessingFailure, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// Encodes the response dataset into <paramref name="buffer"/> when it may be sent; returns the response
    /// to send and its encoded dataset (null when none goes on the wire).
    /// </summary>
    public (DimseResponse Response, ReadOnlyMemory<byte>? Dataset) Prepare(DimseRequest request, DimseResponse response, DicomTransferSyntax syntax, ByteBuffer buffer, string association)
    {
        var dataset = response.Dataset;
        if (dataset is null)
        {
            return (response, null);
        }

        if (!response.Status.AllowsReplyDataset)
        {
            NetworkLog.ReplyDropped(_logger, association, request.ToString(), response.Status.ToString());
            return (response, null);
        }

        try
        {
            buffer.Clear();
            dataset.EncodeInto(buffer, syntax);
            return (response, buffer.WrittenMemory);
        }
        catch (Exception ex) when (ex is DicomDataException or NotSupportedException or ArgumentException)
        {
            NetworkLog.ReplyEncodingFailed(_logger, ex, association, request.ToString());
            return (DimseResponse.FromStatus(DimseStatus.ProcessingFailure, $"reply dataset could not be encoded: {ex.Message}"), null);
        }
    }

    /// <summary>
    /// The SOP class must be the context's, one the context's policy also serves, or one the handler declares
    /// for a context of its own. Roles are judged on the context's abstract syntax, never on the affected class.
    /// </summary>
    private bool IsServed(DimseRequest request, NegotiatedContext context)
    {
        if (request.SopClassUid == context.AbstractSyntax)
        {
            return true;
        }

        foreach (var policy in _handler?.PresentationContexts ?? [])
        {
            if (policy.AbstractSyntax == request.SopClassUid
                || (policy.AbstractSyntax == context.AbstractSyntax && policy.AlsoServes.Contains(request.SopClassUid)))
            {
                return true;
            }
        }

        return false;
    }
}
