using System.Net;
using System.Net.Sockets;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>
/// A peer on a raw loopback socket that says exactly what a test scripts, including what a well-behaved
/// peer never would. Built from the codecs that the interop tests check against DCMTK and dcmjs-dimse.
/// </summary>
internal sealed class ScriptedPeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PduReader _reader;

    private ScriptedPeer(Socket socket)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new PduReader(_stream, 1024 * 1024);
    }

    public static async Task<ScriptedPeer> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new ScriptedPeer(socket);
    }

    /// <summary>Listens on a free loopback port; the returned task gives the peer once something connects.</summary>
    public static (int Port, Task<ScriptedPeer> Accepted) Listen()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        async Task<ScriptedPeer> AcceptAsync()
        {
            using (listener)
            {
                return new ScriptedPeer(await listener.AcceptAsync());
            }
        }

        return (port, AcceptAsync());
    }

    /// <summary>Bytes have arrived that no read has taken yet (the PDU reader buffers only what it was asked for).</summary>
    public bool HasUnreadBytes => _socket.Available > 0;

    public Task WriteAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public async Task WritePduAsync(Pdu pdu)
    {
        var buffer = new ByteBuffer();
        PduWriter.Write(buffer, pdu);
        await _stream.WriteAsync(buffer.WrittenMemory);
    }

    /// <summary>The next PDU, parsed; null when the other side closed the connection.</summary>
    public async Task<Pdu?> ReadPduAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            var read = await _reader.ReadAsync(cts.Token);
            return read is { } r ? PduParser.Parse(r.Type, r.Body.ToArray()) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when the other side closes the connection within the timeout.</summary>
    public async Task<bool> IsClosedWithinAsync(TimeSpan timeout)
    {
        var buffer = new byte[1];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(buffer, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async Task SendMessageAsync(byte contextId, DimseCommand command, DicomDataset? dataset = null)
    {
        var commandBytes = new ByteBuffer();
        command.HasDataset = dataset is not null;
        DimseCommandCodec.Encode(commandBytes, command);
        var values = new List<PresentationDataValue> { new(contextId, true, true, commandBytes.ToArray()) };
        if (dataset is not null)
        {
            values.Add(new PresentationDataValue(contextId, false, true, dataset.Encode(DicomTransferSyntax.ImplicitVRLittleEndian)));
        }

        await WritePduAsync(new PDataTfPdu(values));
    }

    /// <summary>Reads P-DATA PDUs until one whole message (command, and dataset if announced) has arrived.</summary>
    public async Task<(DimseCommand Command, DicomDataset? Dataset)> ReceiveMessageAsync()
    {
        var command = new ByteBuffer();
        var dataset = new ByteBuffer();
        DimseCommand? decoded = null;
        while (true)
        {
            var pdu = await ReadPduAsync() as PDataTfPdu ?? throw new InvalidOperationException("expected P-DATA-TF");
            foreach (var pdv in pdu.Values)
            {
                (pdv.IsCommand ? command : dataset).Write(pdv.Fragment.Span);
                if (pdv.IsCommand && pdv.IsLastFragment)
                {
                    decoded = DimseCommandCodec.Decode(command.WrittenSpan);
                    if (!decoded.HasDataset)
                    {
                        return (decoded, null);
                    }
                }
                else if (!pdv.IsCommand && pdv.IsLastFragment)
                {
                    return (decoded!, DicomDataset.Decode(dataset.ToArray(), DicomTransferSyntax.ImplicitVRLittleEndian));
                }
            }
        }
    }

    public static AssociateRequestPdu AssociateRequest(string called, params PresentationContextProposal[] contexts) =>
        new(called, "SCRIPTED", "1.2.840.10008.3.1.1.1", contexts, new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3.4" });

    public static AssociateAcceptPdu AssociateAccept(AssociateRequestPdu request, params RoleSelection[] roles) =>
        new(request.CalledAETitle, request.CallingAETitle, "1.2.840.10008.3.1.1.1",
            request.PresentationContexts.Select(p => new PresentationContextAnswer(p.Id, PresentationContextResult.Acceptance, "1.2.840.10008.1.2")).ToList(),
            new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3.4", RoleSelections = roles });

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
    }
}
