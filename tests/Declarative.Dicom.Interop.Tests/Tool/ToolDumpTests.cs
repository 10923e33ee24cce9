using Declarative.Dicom.Interop.Tests.Infrastructure;

namespace Declarative.Dicom.Interop.Tests.Tool;

/// <summary>
/// `dicom-events dump` on a file DCMTK wrote (dump2dcm), with nested sequences, a UTF-8 person name in three
/// component groups, binary values and pixel data: the text is dcmdump's, line for line, and the JSON is what
/// pydicom (Debian's python3-pydicom) and DCMTK's dcm2json make of the same file.
/// </summary>
public sealed class ToolDumpTests : IDisposable
{
    private const string Dump = """
        (0008,0005) CS [ISO_IR 192]
        (0008,0016) UI =CTImageStorage
        (0008,0018) UI [1.2.3.4.5.6.7]
        (0008,0020) DA [20261128]
        (0008,0060) CS [CT]
        (0008,1030) LO [Thorax^Routine]
        (0010,0010) PN [Müller^Jürgen=ミュラー^ユルゲン=みゅらー^ゆるげん]
        (0010,0020) LO [PID-1]
        (0010,1010) AS [042Y]
        (0018,0050) DS [1.25]
        (0020,000d) UI [1.2.3.4.5]
        (0020,000e) UI [1.2.3.4.5.1]
        (0020,0013) IS [7]
        (0028,0002) US 1
        (0028,0010) US 2
        (0028,0011) US 2
        (0028,0030) DS [0.5\0.5]
        (0028,1052) DS [-1024]
        (0008,1115) SQ (Sequence with explicit length #=2)
          (fffe,e000) na (Item with explicit length #=2)
            (0020,000e) UI [1.2.3.4.5.9]
            (0008,1140) SQ (Sequence with explicit length #=1)
              (fffe,e000) na (Item with explicit length #=2)
                (0008,1150) UI =CTImageStorage
                (0008,1155) UI [1.2.3.4.5.9.1]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
          (fffe,e00d) na (ItemDelimitationItem)
          (fffe,e000) na (Item with explicit length #=1)
            (0020,000e) UI [1.2.3.4.5.10]
          (fffe,e00d) na (ItemDelimitationItem)
        (fffe,e0dd) na (SequenceDelimitationItem)
        (0018,9345) FD 12.5
        (0020,0037) DS [1\0\0\0\1\0]
        (7fe0,0010) OW 0001\0002\0003\0004
        """;

    private readonly TempDirectory _temp = new();
    private readonly string _file;

    public ToolDumpTests()
    {
        var dumpPath = _temp.File("ct.dump");
        File.WriteAllText(dumpPath, Dump);
        _file = _temp.File("ct.dcm");
        ExternalTool.Run("dump2dcm", "+te", dumpPath, _file).EnsureSuccess("dump2dcm");
    }

    [Fact]
    public void Dump_IsDcmdumpsTextLineForLine()
    {
        var dcmdump = ExternalTool.Run("dcmdump", "-Un", _file).EnsureSuccess("dcmdump").StandardOutput;

        var ours = DicomEventsTool.Run("dump", _file);

        Assert.True(ours.ExitCode == 0, ours.StandardError);
        Assert.Equal(dcmdump.Split('\n'), ours.StandardOutput.Split('\n'));
    }

    [Fact]
    public void DumpJson_AgreesWithPydicom()
    {
        // Debian's pydicom, with Debian's python: the test never depends on a PyPI download.
        var pydicom = ExternalTool.Run("/usr/bin/python3", "-c", "import sys, pydicom; print(pydicom.dcmread(sys.argv[1]).to_json())", _file)
            .EnsureSuccess("pydicom").StandardOutput;

        var ours = DicomEventsTool.Run("dump", "--json", _file);

        Assert.True(ours.ExitCode == 0, ours.StandardError);
        JsonEquivalence.AssertEquivalent(pydicom, ours.StandardOutput);
    }

    [Fact]
    public void DumpJson_AgreesWithDcm2json()
    {
        var dcm2json = ExternalTool.Run("dcm2json", _file).EnsureSuccess("dcm2json").StandardOutput;

        var ours = DicomEventsTool.Run("dump", "--json", _file);

        JsonEquivalence.AssertEquivalent(dcm2json, ours.StandardOutput);
    }

    [Fact]
    public void Dump_OfAFileThatIsNotDicom_Exits1WithTheReason()
    {
        var notDicom = _temp.File("notes.txt");
        File.WriteAllText(notDicom, "hello");

        var run = DicomEventsTool.Run("dump", notDicom);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: {notDicom}: ", run.StandardError);
    }

    public void Dispose() => _temp.Dispose();
}
