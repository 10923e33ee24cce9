namespace Declarative.Dicom.Network;

/// <summary>Settings common to associations we accept and associations we open. Defaults are those README states.</summary>
public class DicomAssociationOptions
{
    /// <summary>Our AE title (1 to 16 characters of the default repertoire).</summary>
    public string AETitle { get; set; } = "DECLARATIVE";

    /// <summary>
    /// Largest P-DATA-TF PDU we receive, announced to the peer. 128 KiB (DCMTK's largest) by measurement: a 512 MiB
    /// C-STORE from storescu arrives about 1.5× faster than with 16 KiB, and small messages do not care (docs/performance.md).
    /// </summary>
    public int MaxPduLength { get; set; } = 128 * 1024;

    /// <summary>How long to wait for A-ASSOCIATE-AC/RJ and A-RELEASE-RP.</summary>
    public TimeSpan AcseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a handler may take to answer a request; then its token is cancelled and the peer gets 0x0110, so a
    /// hung handler cannot hold the association (or the peer's DIMSE time-out) hostage. Infinite disables it.
    /// </summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Asynchronous operations window (PS3.7 D.3.3.3): how many of our own requests may await their responses at once
    /// on one association. A requestor proposes it; an acceptor grants a requestor's proposal up to this for the
    /// requests it sends back (N-EVENT-REPORTs on the requestor's association). 1 is the synchronous default, and
    /// with 1 here and in <see cref="MaxOperationsPerformed"/> nothing is proposed; 0 asks for no limit.
    /// </summary>
    public ushort MaxOperationsInvoked { get; set; } = 1;

    /// <summary>
    /// How many of the peer's requests may await our responses at once (PS3.7 D.3.3.3). They are still served one
    /// after another, in the order they arrive: the window saves the peer a round trip per request, it does not
    /// run handlers side by side. Servers default to 16 (a peer that proposes no window gets 1); requestors to 1.
    /// </summary>
    public ushort MaxOperationsPerformed { get; set; } = 1;

    /// <summary>How long to wait for the response to a request we sent.</summary>
    public TimeSpan DimseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>An established association with no PDU for this long is aborted; <see cref="Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>ARTIM timer (PS3.8 9.1.5): waiting for A-ASSOCIATE-RQ on a new connection and for the close after a reject, release or abort.</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest dataset accepted in one message; a larger one aborts the association before it is buffered.</summary>
    public long MaxDatasetLength { get; set; } = 192L * 1024 * 1024;

    /// <summary>
    /// A C-STORE dataset that grows past this many bytes goes on to a file in <see cref="SpoolDirectory"/> as it
    /// arrives, outside <see cref="DicomServerOptions.MaxBytesInFlight"/>, so that an instance of any size up to
    /// <see cref="MaxSpooledDatasetLength"/> is received in memory bounded by a few PDUs. 0 keeps every dataset in memory.
    /// </summary>
    public long CStoreSpoolThreshold { get; set; } = 16L * 1024 * 1024;

    /// <summary>Where spooled C-STORE datasets are written, each deleted once its request is answered; null: the system's temporary folder.</summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>Largest C-STORE dataset accepted once spooled (4 GiB); a larger one aborts the association.</summary>
    public long MaxSpooledDatasetLength { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// Largest dataset of a DIMSE-N message (Event or Action Information, attribute lists): kilobytes in practice;
    /// 16 MiB holds a storage commitment of some 100,000 instances. A larger one aborts the association.
    /// </summary>
    public long MaxNServiceDatasetLength { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Accept N-EVENT-REPORT-RQ from a peer that did not negotiate the SCP role (some real commitment
    /// SCPs never do), with a warning in the log. Off: such a report is answered 0x0110 with an Error Comment.
    /// </summary>
    public bool AcceptEventReportsWithoutRoleNegotiation { get; set; } = true;

    /// <summary>TLS for the connection; null (the default) for plain TCP.</summary>
    public DicomTlsOptions? Tls { get; set; }
}

/// <summary>Settings of an acceptor (a listening AE).</summary>
public sealed class DicomServerOptions : DicomAssociationOptions
{
    public DicomServerOptions() => MaxOperationsPerformed = 16;

    /// <summary>Address to listen on; loopback unless a deployment says otherwise.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (see <see cref="DicomServer.Port"/>).</summary>
    public int Port { get; set; } = 104;

    /// <summary>Reject an association whose Called AE Title is not ours (reason 7).</summary>
    public bool CheckCalledAETitle { get; set; } = true;

    /// <summary>
    /// When set, only the AEs of this table may associate, each from its own host (an IP address, or a name resolved
    /// when the request arrives): another calling AE title, or a known one from another address, is rejected with
    /// reason 3 (calling AE title not recognized) and logged with the source address.
    /// </summary>
    public RemoteApplicationEntityTable? KnownPeers { get; set; }

    /// <summary>Read the PROXY protocol v2 header that a load balancer in front sends (null: none is expected). See <see cref="ProxyProtocolOptions"/>.</summary>
    public ProxyProtocolOptions? ProxyProtocol { get; set; }

    /// <summary>
    /// Where a C-MOVE may send instances: each AE title with its host and port (PS3.4 C.4.2.2.1). A C-MOVE naming any other
    /// destination is refused with 0xA801 before its handler runs. Null falls back to <see cref="KnownPeers"/>.
    /// </summary>
    public RemoteApplicationEntityTable? MoveDestinations { get; set; }

    /// <summary>
    /// Decides each request's user identity (PS3.7 D.3.3.7); null accepts any. A refusal is an A-ASSOCIATE-RJ
    /// (permanent, service user, no reason given), logged with the source and why. See <see cref="PasscodeAuthenticator"/>.
    /// </summary>
    public IDicomAuthenticator? Authenticator { get; set; }

    /// <summary>When not empty, only these calling AE titles are accepted (others rejected with reason 3).</summary>
    public ISet<string> AllowedCallingAETitles { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Associations served at once; more are rejected transiently (local limit exceeded).</summary>
    public int MaxAssociations { get; set; } = 64;

    /// <summary>
    /// Bytes of partly received datasets held at once by all the server's associations together. An association
    /// whose next fragment would go over it is aborted, with a log line naming the peer and the budget, before the
    /// bytes are kept: many associations cannot together exhaust the host.
    /// </summary>
    public long MaxBytesInFlight { get; set; } = 192L * 1024 * 1024;

    /// <summary>
    /// After the bytes in flight reached a quarter of <see cref="MaxBytesInFlight"/> and fell back to zero, give the memory
    /// back to the operating system with one aggressive garbage collection a second later (at most one every 10 s), so that
    /// an idle node returns near its starting size after a flood. Off: the runtime's GC decides alone.
    /// </summary>
    public bool ReleaseMemoryAfterSpikes { get; set; } = true;
}

/// <summary>Settings of a requestor (an association we open).</summary>
public sealed class DicomClientOptions : DicomAssociationOptions
{
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The user identity sent in the A-ASSOCIATE-RQ (PS3.7 D.3.3.7); none by default.</summary>
    public DicomUserIdentity? UserIdentity { get; set; }
}
