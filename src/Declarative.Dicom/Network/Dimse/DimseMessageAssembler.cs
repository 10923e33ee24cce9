using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Network.Dimse;

/// <summary>A whole DIMSE message put together from its P-DATA fragments.</summary>
internal readonly record struct ReceivedMessage(NegotiatedContext Context, DimseCommand Command, byte[]? Dataset);

/// <summary>
/// Reassembles command and dataset fragments (PS3.8 Annex E, PS3.7 section 8.1): the command comes
/// first and whole, then the dataset if the command announces one, all on one presentation context.
/// Any other order, an unknown context or a size over the limits is a protocol error that aborts
/// the association before the bytes are kept. Three limits apply to a dataset: the message kind's (a
/// DIMSE-N dataset is kilobytes; C-STORE carries whole instances), and the server's budget for data in
/// flight, shared by all its associations.
/// </summary>
internal sealed class DimseMessageAssembler
{
    private readonly long _maxDatasetLength;
    private readonly long _maxNServiceDatasetLength;
    private readonly ReceiveBudget _budget;
    private readonly ByteBuffer _command = new(512);
    private readonly DatasetFragments _dataset = new();
    private readonly AsciiStringCache _strings = new();
    private NegotiatedContext? _context;
    private DimseCommand? _pendingCommand;

    public DimseMessageAssembler(long maxDatasetLength, long maxNServiceDatasetLength, ReceiveBudget budget)
    {
        _maxDatasetLength = maxDatasetLength;
        _maxNServiceDatasetLength = maxNServiceDatasetLength;
        _budget = budget;
    }

    /// <summary>Drops a partly received message and gives its bytes back to the budget (the association ended).</summary>
    public void Reset()
    {
        _budget.Release(_dataset.Length);
        _dataset.Clear();
        _command.Clear();
        _pendingCommand = null;
        _context = null;
    }

    /// <summary>Adds one PDV; returns the message it completes, if any.</summary>
    public ReceivedMessage? Add(PresentationDataValue pdv, DicomAssociationInfo association)
    {
        var context = association.FindContext(pdv.PresentationContextId);
        if (context is not { IsAccepted: true })
        {
            throw new PduException(AbortReason.InvalidPduParameterValue, $"P-DATA on presentation context {pdv.PresentationContextId}, which was not accepted");
        }

        if (_context is not null && _context.Id != context.Id)
        {
            throw new PduException(AbortReason.UnexpectedPduParameter, $"fragment on presentation context {context.Id} inside a message on context {_context.Id}");
        }

        _context = context;
        return pdv.IsCommand ? AddCommandFragment(pdv, context) : AddDatasetFragment(pdv, context);
    }

    private ReceivedMessage? AddCommandFragment(PresentationDataValue pdv, NegotiatedContext context)
    {
        if (_pendingCommand is not null)
        {
            throw new PduException(AbortReason.UnexpectedPduParameter, "command fragment while the dataset of the previous command was expected");
        }

        if (_command.Length + pdv.Fragment.Length > DimseCommandCodec.MaxCommandLength)
        {
            throw new PduException(AbortReason.InvalidPduParameterValue, $"command set longer than {DimseCommandCodec.MaxCommandLength} bytes");
        }

        _command.Write(pdv.Fragment.Span);
        if (!pdv.IsLastFragment)
        {
            return null;
        }

        DimseCommand command;
        try
        {
            command = DimseCommandCodec.Decode(_command.WrittenSpan, _strings);
        }
        catch (DicomDecodeException ex)
        {
            // Without a readable command there is no message ID to answer: the association cannot go on.
            throw new PduException(AbortReason.InvalidPduParameterValue, $"unreadable command set: {ex.Message}");
        }
        finally
        {
            _command.Clear();
        }

        if (command.HasDataset)
        {
            _pendingCommand = command;
            return null;
        }

        _context = null;
        return new ReceivedMessage(context, command, null);
    }

    private ReceivedMessage? AddDatasetFragment(PresentationDataValue pdv, NegotiatedContext context)
    {
        if (_pendingCommand is null)
        {
            throw new PduException(AbortReason.UnexpectedPduParameter, "dataset fragment before the command that announces it");
        }

        var limit = _pendingCommand.CommandField.IsNormalized() ? _maxNServiceDatasetLength : _maxDatasetLength;
        if (_dataset.Length + (long)pdv.Fragment.Length > limit)
        {
            var what = _pendingCommand.CommandField.IsNormalized() ? $"{_pendingCommand.CommandField.ToDisplayName()} dataset" : "dataset";
            throw new PduException(AbortReason.InvalidPduParameterValue, $"{what} longer than the {limit} bytes accepted");
        }

        if (!_budget.TryReserve(pdv.Fragment.Length))
        {
            throw new PduException(AbortReason.NotSpecified,
                $"the server's budget of {_budget.Limit} bytes for data in flight on all associations is spent; this message had {_dataset.Length} bytes");
        }

        _dataset.Append(pdv.Fragment.Span);
        if (!pdv.IsLastFragment)
        {
            return null;
        }

        // The dataset outlives the fragments (it is decoded lazily by the handler), so it gets its own array.
        var message = new ReceivedMessage(context, _pendingCommand, _dataset.ToArray());
        _budget.Release(_dataset.Length);
        _dataset.Clear();
        _pendingCommand = null;
        _context = null;
        return message;
    }
}
