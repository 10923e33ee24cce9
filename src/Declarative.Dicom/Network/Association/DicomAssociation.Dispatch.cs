using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// Serving a received message: responses complete the request that waits for them; requests go to the
/// handler, and every request gets a response, whatever the handler does.
/// </summary>
public sealed partial class DicomAssociation
{
    private async ValueTask DispatchAsync(ReceivedMessage message)
    {
        var command = message.Command;
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            NetworkLog.MessageReceived(_logger, _name, command.ToString());
        }

        var syntax = DicomTransferSyntax.Lookup(message.Context.TransferSyntax);
        var dataset = message.Dataset is null ? null : DicomDataset.Decode(message.Dataset, syntax);
        if (command.CommandField.IsResponse())
        {
            CompleteRequest(command, dataset);
            return;
        }

        if (command.CommandField == DimseCommandField.CCancelRequest)
        {
            return; // requests are served one at a time, so by the time C-CANCEL is read there is nothing left to cancel
        }

        var request = DimseRequestFactory.Create(command, dataset);
        if (request is null)
        {
            await AnswerUnsupportedCommandAsync(message).ConfigureAwait(false);
            return;
        }

        request.Association = _info;
        request.PresentationContext = message.Context;
        var response = await InvokeHandlerAsync(request, message.Context).ConfigureAwait(false);
        await SendResponseAsync(request, response, message.Context, syntax).ConfigureAwait(false);
    }

    private void CompleteRequest(DimseCommand command, DicomDataset? dataset)
    {
        var id = command.MessageIdBeingRespondedTo ?? 0;
        TaskCompletionSource<DimseResponse>? waiting;
        lock (_pending)
        {
            _pending.TryGetValue(id, out waiting);
        }

        if (waiting is null)
        {
            NetworkLog.UnexpectedResponse(_logger, _name, id);
            return;
        }

        try
        {
            waiting.TrySetResult(DimseResponse.FromCommand(command, dataset));
        }
        catch (DicomDataException ex)
        {
            waiting.TrySetException(ex);
        }
    }

    private async ValueTask<DimseResponse> InvokeHandlerAsync(DimseRequest request, NegotiatedContext context)
    {
        var normalized = request.CommandField.IsNormalized();
        if (!IsServed(request, context))
        {
            var status = normalized ? DimseStatus.NoSuchSopClass : DimseStatus.SopClassNotSupported;
            NetworkLog.SopClassNotServed(_logger, _name, request.CommandField.ToDisplayName(), DicomUidDictionary.Describe(request.SopClassUid), status.Code);
            return DimseResponse.FromStatus(status, $"SOP class {request.SopClassUid} is not served here");
        }

        if (RoleRefusal(request, context) is { } refusal)
        {
            return refusal;
        }

        if (_handler is null)
        {
            // pynetdicom's default: verification always succeeds; anything else without a handler is 0x0110.
            return request is CEchoRequest
                ? new DimseResponse(DimseStatus.Success)
                : DimseResponse.FromStatus(DimseStatus.ProcessingFailure, "no handler is bound for this request");
        }

        try
        {
            return await _handler.HandleAsync(request, _shutdown.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            NetworkLog.HandlerFailed(_logger, ex, _name, request.ToString());
            return DimseResponse.FromStatus(DimseStatus.ProcessingFailure, $"{ex.GetType().Name}: {ex.Message}");
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

    private DimseResponse? RoleRefusal(DimseRequest request, NegotiatedContext context)
    {
        var eventReport = request.CommandField == DimseCommandField.NEventReportRequest;
        var allowed = eventReport ? context.PeerMayBeScp(_isRequestor) : context.PeerMayBeScu(_isRequestor);
        if (allowed)
        {
            return null;
        }

        var role = eventReport ? "SCP" : "SCU";
        var lenient = eventReport && _options.AcceptEventReportsWithoutRoleNegotiation && !context.RolesNegotiated;
        NetworkLog.RoleNotNegotiated(_logger, _name, request.CommandField.ToDisplayName(), context.Id, context.AbstractSyntax, role,
            lenient ? "accepted (lenient option)" : "answering 0x0110");
        return lenient
            ? null
            : DimseResponse.FromStatus(DimseStatus.ProcessingFailure, $"the {role} role was not negotiated for {context.AbstractSyntax}");
    }

    private async ValueTask SendResponseAsync(DimseRequest request, DimseResponse response, NegotiatedContext context, DicomTransferSyntax syntax)
    {
        var dataset = response.Dataset;
        if (dataset is not null && !response.Status.AllowsReplyDataset)
        {
            NetworkLog.ReplyDropped(_logger, _name, request.ToString(), response.Status.ToString());
            dataset = null;
        }

        ReadOnlyMemory<byte>? encoded = null;
        if (dataset is not null)
        {
            try
            {
                _replyDatasetBuffer.Clear();
                dataset.EncodeInto(_replyDatasetBuffer, syntax);
                encoded = _replyDatasetBuffer.WrittenMemory;
            }
            catch (Exception ex) when (ex is DicomDataException or NotSupportedException or ArgumentException)
            {
                NetworkLog.ReplyEncodingFailed(_logger, ex, _name, request.ToString());
                response = DimseResponse.FromStatus(DimseStatus.ProcessingFailure, $"reply dataset could not be encoded: {ex.Message}");
            }
        }

        var command = response.ToCommand(request);
        command.HasDataset = encoded is not null;
        await SendMessageAsync(context, command, encoded).ConfigureAwait(false);
    }

    /// <summary>C-FIND, C-GET, C-MOVE are not served by this runtime: answer rather than drop.</summary>
    private async ValueTask AnswerUnsupportedCommandAsync(ReceivedMessage message)
    {
        var request = message.Command;
        var status = request.CommandField.IsNormalized() ? DimseStatus.UnrecognizedOperation : DimseStatus.SopClassNotSupported;
        NetworkLog.UnsupportedCommand(_logger, _name, request.CommandField.ToDisplayName(), status.Code);
        var response = new DimseCommand
        {
            CommandField = request.CommandField.ResponseOf(),
            MessageIdBeingRespondedTo = request.MessageId ?? 0,
            AffectedSopClassUid = request.SopClassUid,
            Status = status.Code,
            ErrorComment = $"{request.CommandField.ToDisplayName()} is not supported",
        };
        await SendMessageAsync(message.Context, response, null).ConfigureAwait(false);
    }
}
