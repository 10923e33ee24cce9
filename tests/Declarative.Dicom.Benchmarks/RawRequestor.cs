using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// A requestor made of a socket and the library's PDU codec, nothing else: it sends bytes encoded once and reads
/// the answer into a buffer of its own, so that a round trip allocates nothing on its side and what a benchmark
/// process allocates is the acceptor's (BenchmarkDotNet's allocation column counts every thread).
/// </summary>
internal sealed class RawRequestor : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _header = new byte[6];
    private byte[] _body = new byte[64 * 1024];
    private byte[] _message = [];

    private RawRequestor(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Opens an association proposing <paramref name="sopClass"/> in Implicit VR Little Endian, with the SCP role when <paramref name="scpRole"/>.</summary>
    public static async Task<RawRequestor> ConnectAsync(int port, string calledAETitle, string sopClass, bool scpRole)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        var requestor = new RawRequestor(socket);
        await WriteAsync(requestor._stream, new AssociateRequestPdu(calledAETitle, "RAW", AcceptorNegotiation.DicomApplicationContext,
            [new PresentationContextProposal(1, sopClass, [DicomTransferSyntax.ImplicitVRLittleEndian.Uid])],
            new UserInformation
            {
                MaximumLength = 64 * 1024,
                ImplementationClassUid = DicomImplementation.ClassUid,
                RoleSelections = scpRole ? [new RoleSelection(sopClass, ScuRole: false, ScpRole: true)] : [],
            }));
        using var reader = new PduReader(requestor._stream, 1 << 20);
        if (await ReadAsync(reader) is not AssociateAcceptPdu { PresentationContexts: [{ Result: PresentationContextResult.Acceptance }] })
        {
            throw new InvalidOperationException($"the acceptor on port {port} did not accept {sopClass}");
        }

        return requestor;
    }

    /// <summary>Encodes the message to send on every round trip: one P-DATA-TF with the command and the dataset (Implicit VR).</summary>
    public void Prepare(DimseCommand command, DicomDataset? dataset)
    {
        var commandBytes = new ByteBuffer();
        DimseCommandCodec.Encode(commandBytes, command);
        var values = new List<PresentationDataValue> { new(1, IsCommand: true, IsLastFragment: true, commandBytes.ToArray()) };
        if (dataset is not null)
        {
            values.Add(new PresentationDataValue(1, IsCommand: false, IsLastFragment: true, dataset.Encode(DicomTransferSyntax.ImplicitVRLittleEndian)));
        }

        var pdu = new ByteBuffer();
        PduWriter.Write(pdu, new PDataTfPdu(values));
        _message = pdu.ToArray();
    }

    public int MessageLength => _message.Length;

    /// <summary>
    /// Sends the prepared message and reads one PDU back; returns its body (valid until the next call). One async method
    /// with the pooling builder, the reads written out rather than in a helper: under BenchmarkDotNet, whose calling
    /// thread blocks, every nested pooled state machine missed its cache and showed up as the acceptor's garbage.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadOnlyMemory<byte>> RoundTripAsync()
    {
        await _stream.WriteAsync(_message);
        for (var read = 0; read < _header.Length;)
        {
            read += ReadOrThrow(await _stream.ReadAsync(_header.AsMemory(read)));
        }

        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(2));
        if (length > _body.Length)
        {
            _body = new byte[length];
        }

        for (var read = 0; read < length;)
        {
            read += ReadOrThrow(await _stream.ReadAsync(_body.AsMemory(read, length - read)));
        }

        return _body.AsMemory(0, length);
    }

    private static int ReadOrThrow(int read) => read > 0 ? read : throw new EndOfStreamException("the acceptor closed the connection");

    /// <summary>The Status (0000,0900) of a response read by <see cref="RoundTripAsync"/> that holds one command PDV.</summary>
    public static ushort StatusOf(ReadOnlyMemory<byte> pDataBody) =>
        DimseCommandCodec.Decode(pDataBody.Span[6..]).Status ?? throw new InvalidOperationException("the response has no status");

    public static async Task<Pdu?> ReadAsync(PduReader reader) =>
        await reader.ReadAsync(CancellationToken.None) is { } read ? PduParser.Parse(read.Type, read.Body.ToArray()) : null;

    public static async Task WriteAsync(Stream stream, Pdu pdu)
    {
        var buffer = new ByteBuffer();
        PduWriter.Write(buffer, pdu);
        await stream.WriteAsync(buffer.WrittenMemory);
    }

    public async ValueTask DisposeAsync()
    {
        // An A-ABORT rather than a release: the benchmark is over and the acceptor is disposed next.
        await WriteAsync(_stream, new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified));
        await _stream.DisposeAsync();
    }
}
