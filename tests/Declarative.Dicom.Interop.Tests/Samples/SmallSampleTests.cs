namespace Declarative.Dicom.Interop.Tests.Samples;

/// <summary>The small samples run and say what they promise.</summary>
public class SmallSampleTests
{
    [Fact]
    public void EventListenerDemo_PrintsEachEventWithItsInformationAsDicomJson()
    {
        var result = SampleRunner.Run("EventListener", "--demo");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("MPPS Performed Procedure Step Completed for ", result.StandardOutput);
        Assert.Contains("UPS UPS State Report for ", result.StandardOutput);
        Assert.Contains("\"00741000\":{\"vr\":\"CS\",\"Value\":[\"IN PROGRESS\"]}", result.StandardOutput);
    }

    [Fact]
    public void PrivateSopClassSample_ReceivesItsOwnAlert_AndAnswersWithItsEventReply()
    {
        var result = SampleRunner.Run("PrivateSopClass");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("Alert: door 3 open (severity 2)", result.StandardOutput);
        Assert.Contains("Answered 0x0000 (Success)", result.StandardOutput);
        Assert.Contains("Acknowledging: door 3 open", result.StandardOutput);
        Assert.Contains("Answered 0x0000 (Success), acknowledged by night shift", result.StandardOutput);
    }

    [Fact]
    public void ObservabilitySample_ExportsTheMetersInstrumentsAndAServerSpanPerRequest_ToTheConsole()
    {
        var result = SampleRunner.Run("Observability");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        foreach (var instrument in new[] { "dicom.associations", "dicom.associations.active", "dicom.requests", "dicom.handler.duration", "dicom.io" })
        {
            Assert.Contains($"Metric Name: {instrument},", result.StandardOutput);
        }

        Assert.Contains("dicom.message: N-EVENT-REPORT dicom.status.category: failure", result.StandardOutput);
        Assert.Contains("Activity.DisplayName:        C-ECHO", result.StandardOutput);
        Assert.Contains("dicom.status: 272", result.StandardOutput); // the 0x0110 the sample's handler answers
        Assert.Contains("StatusCode: Error", result.StandardOutput);
    }
}
