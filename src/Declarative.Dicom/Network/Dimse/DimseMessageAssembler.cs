using System.Buffers;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Network.Dimse;

/// <summary>
/// A whole DIMSE message put together from its P-DATA fragments: its dataset in memory, or, for a large C-STORE,
/// in the file it was spooled to (<paramref name="SpoolPath"/>, owned by whoever takes the message).
/// </summary>
/// <summary>
/// A whole message as received. A request's small dataset sits in <see cref="LentBuffer"/>, an array from the pool that
/// goes back once the request is answered (the handler contract lends the request for the call); a response's dataset
/// and a large one have arrays of their own.
/// </summary>
internal readonly record struct ReceivedMessage(NegotiatedContext Context, DimseCommand Command, ReadOnlyMemory<byte>? Dataset, string? SpoolPath = null,
    byte[]? LentBuffer = null);

/// <summary>Where and from what size C-STORE datasets are spooled to disk, and up to what size (see <see cref="DicomAssociationOptions.CStoreSpoolThreshold"/>).</summary>
internal sealed record SpoolSettings(long Threshold, string Directory, long MaxLength)
{
    public static SpoolSettings? From(DicomAssociationOptions options) =>
        options.CStoreSpoolThreshold <= 0 ? null
            : new SpoolSettings(options.CStoreSpoolThreshold, options.SpoolDirectory ?? Path.Combine(Path.GetTempPath(), "declarative-dicom-spool"), options.MaxSpooledDatasetLength);
}

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
    private readonly SpoolSettings? _spool;
    private readonly ByteBuffer _command = new(512);
    private readonly DatasetFragments _dataset = new();
    private readonly AsciiStringCache _strings = new();
    private NegotiatedContext? _context;
    private DimseCommand? _pendingCommand;
    // Commands of answered requests, decoded into again; a handful covers the messages one PDU can carry.
    private readonly Stack<DimseCommand> _spareCommands = new();
    private const int MaxSpareCommands = 8;
    // Datasets up to this size are lent from the shared pool: storage commitment, MPPS and UPS messages, not images.
    private const int MaxLentDatasetLength = 64 * 1024;
    private FileStream? _spoolFile;
    private long _spooled;

    public DimseMessageAssembler(long maxDatasetLength, long maxNServiceDatasetLength, ReceiveBudget budget, SpoolSettings? spool = null)
    {
        _maxDatasetLength = maxDatasetLength;
        _maxNServiceDatasetLength = maxNServiceDatasetLength;
        _budget = budget;
        _spool = spool;
    }

    /// <summary>Drops a partly received message and gives its bytes back to the budget (the association ended).</summary>
    public void Reset()
    {
        if (_spoolFile is { } file)
        {
            file.Dispose();
            File.Delete(file.Name);
            _spoolFile = null;
        }

        _budget.Release(_dataset.Length);
        _dataset.Clear();
        _command.Clear();
        _pendingCommand = null;
        _context = null;
    }

    /// <summary>Adds one PDV; returns the message it completes, if any.</summary>
    /// <summary>
    /// Gives back the command of a request that has been answered, to decode the next one into: a request's command
    /// lives only until its response is sent (responses keep theirs: <see cref="DimseResponse.Command"/>).
    /// </summary>
    public void ReturnCommand(DimseCommand command)
    {
        if (_spareCommands.Count < MaxSpareCommands)
        {
            _spareCommands.Push(command);
        }
    }

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
            command = DimseCommandCodec.Decode(_command.WrittenSpan, _strings, _spareCommands.TryPop(out var spare) ? spare : null);
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

        if (_spoolFile is not null || (_spool is { } spool && _pendingCommand.CommandField == DimseCommandField.CStoreRequest && _dataset.Length + pdv.Fragment.Length > spool.Threshold))
        {
            return AddSpooledFragment(pdv, context);
        }

        var normalized = _pendingCommand.CommandField.IsNormalized();
        var limit = normalized ? _maxNServiceDatasetLength : _maxDatasetLength;
        if (_dataset.Length + (long)pdv.Fragment.Length > limit)
        {
            var what = normalized ? $"{_pendingCommand.CommandField.ToDisplayName()} dataset" : "dataset";
            throw new PduException(AbortReason.InvalidPduParameterValue, $"{what} longer than the {limit} bytes accepted");
        }

        if (!_budget.TryReserve(pdv.Fragment.Length))
        {
            DicomMetrics.BudgetRefusals.Add(1);
            throw new PduException(AbortReason.NotSpecified,
                $"the server's budget of {_budget.Limit} bytes for data in flight on all associations is spent; this message had {_dataset.Length} bytes");
        }

        _dataset.Append(pdv.Fragment.Span);
        if (!pdv.IsLastFragment)
        {
            return null;
        }

        // The dataset outlives the fragments (it is decoded lazily by the handler). A request's small one is lent from
        // the pool for the call; a response's belongs to whoever sent the request, and a large one is not worth keeping pooled.
        var length = (int)_dataset.Length;
        ReceivedMessage message;
        if (!_pendingCommand.CommandField.IsResponse() && length <= MaxLentDatasetLength)
        {
            var lent = ArrayPool<byte>.Shared.Rent(length);
            _dataset.CopyTo(lent);
            message = new ReceivedMessage(context, _pendingCommand, new ReadOnlyMemory<byte>(lent, 0, length), LentBuffer: lent);
        }
        else
        {
            message = new ReceivedMessage(context, _pendingCommand, _dataset.ToArray());
        }

        _budget.Release(_dataset.Length);
        _dataset.Clear();
        _pendingCommand = null;
        _context = null;
        return message;
    }

    /// <summary>
    /// A large C-STORE: what arrived so far moves from the pooled chunks (and the budget) to a file, and the rest is
    /// written there as it comes. The file is the message's: the association deletes it once the request is answered.
    /// </summary>
    private ReceivedMessage? AddSpooledFragment(PresentationDataValue pdv, NegotiatedContext context)
    {
        var spool = _spool!;
        if (_spoolFile is null)
        {
            Directory.CreateDirectory(spool.Directory);
            _spoolFile = new FileStream(Path.Combine(spool.Directory, Guid.NewGuid().ToString("N") + ".spool"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 81920);
            _dataset.WriteTo(_spoolFile);
            _spooled = _dataset.Length;
            _budget.Release(_dataset.Length);
            _dataset.Clear();
        }

        if (_spooled + pdv.Fragment.Length > spool.MaxLength)
        {
            throw new PduException(AbortReason.InvalidPduParameterValue, $"C-STORE dataset longer than the {spool.MaxLength} bytes accepted");
        }

        _spoolFile.Write(pdv.Fragment.Span);
        _spooled += pdv.Fragment.Length;
        if (!pdv.IsLastFragment)
        {
            return null;
        }

        var path = _spoolFile.Name;
        _spoolFile.Dispose();
        _spoolFile = null;
        var message = new ReceivedMessage(context, _pendingCommand!, null, path);
        _pendingCommand = null;
        _context = null;
        return message;
    }
}
