using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tool.Cli;

/// <summary>A DIMSE response as one phrase: "Success (0x0000)", "Failure 0x0110 (Processing failure): comment".</summary>
internal static class StatusText
{
    public static string Describe(DimseResponse response)
    {
        var status = response.Status;
        var text = status.IsSuccess ? "Success (0x0000)" : $"{status.Category} 0x{status.Code:X4}";
        return response.ErrorComment is null ? text : $"{text}: {response.ErrorComment}";
    }
}
