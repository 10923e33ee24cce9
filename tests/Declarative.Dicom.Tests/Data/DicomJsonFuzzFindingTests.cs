using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;

namespace Declarative.Dicom.Tests.Data;

/// <summary>
/// Regression tests for what fuzzing found in the DICOM JSON reader: each malformed shape used to escape as a
/// FormatException, InvalidOperationException or (a number too large for its VR, found by AFL) OverflowException;
/// it is a DicomDataException naming the attribute now.
/// </summary>
public class DicomJsonFuzzFindingTests
{
    [Theory]
    [InlineData("""{"00100010":{"vr":"uS","Value":["x"]}}""", "'uS' is not a DICOM value representation")]
    [InlineData("""{"7FE00010":{"vr":"OW","InlineBinary":"!!notbase64"}}""", "InlineBinary is not a base64 string")]
    [InlineData("""{"00100020":{"vr":"LO","Value":"P1"}}""", "\"Value\" is an array in DICOM JSON, not String")]
    [InlineData("""{"00100020":{"vr":5,"Value":["P1"]}}""", "without a \"vr\" string")]
    [InlineData("""{"00100020":["P1"]}""", "a DICOM JSON attribute is an object, not Array")]
    [InlineData("""{"00081197":{"vr":"US","Value":[27777777777777777774]}}""", "'27777777777777777774' is not a valid US value")] // AFL, 260 k runs in
    [InlineData("""{"00281150":{"vr":"UN","Value":["20000000000000000000"]}}""", "'20000000000000000000' is not a valid UN value")] // AFL, 4.6 M runs in
    public void MalformedShape_IsADicomDataException_NamingTheProblem(string json, string problem)
    {
        var error = Assert.ThrowsAny<DicomDataException>(() => DicomJsonReader.Read(json));

        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void PersonNameGroupThatIsNotAString_ReadsAsEmpty()
    {
        var dataset = DicomJsonReader.Read("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":7,"Ideographic":"山田"}]}}""");

        Assert.Equal("=山田", dataset.GetString(DicomTag.PatientName));
    }
}
