namespace Declarative.Dicom.Tool.Cli;

/// <summary>
/// What the process returns, as DCMTK's tools and sysexits.h have it, so scripts written against echoscu
/// keep working: 0 done, 1 the peer refused or answered a failure, 2 the peer did not answer in time, 64 usage.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int TimedOut = 2;
    public const int Usage = 64;
}
