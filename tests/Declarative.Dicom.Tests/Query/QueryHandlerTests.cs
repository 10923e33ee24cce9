using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;
using Declarative.Dicom.Testing;

namespace Declarative.Dicom.Tests.Query;

/// <summary>[CFind] and [CMove] handlers through the test host: the generated dispatch, the refusals before the handler, projection.</summary>
public partial class QueryHandlerTests
{
    private static readonly DicomDataset[] Patients =
    [
        new DicomDataset().Set(DicomTag.PatientName, "Doe^Jane").Set(DicomTag.PatientID, "P1").Set(DicomTag.PatientBirthDate, "19700101"),
        new DicomDataset().Set(DicomTag.PatientName, "Roe^Richard").Set(DicomTag.PatientID, "P2").Set(DicomTag.PatientBirthDate, "19800101"),
    ];

    public bool HandlerRan { get; private set; }

    [CFind(SopClass.FINDPatientRootQueryRetrieveInformationModel)]
    public async IAsyncEnumerable<DicomDataset> OnFind(DicomQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        HandlerRan = true;
        await Task.Yield();
        foreach (var patient in Patients)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (query.Matches(patient))
            {
                yield return patient;
            }
        }
    }

    [CMove(SopClass.MOVEPatientRootQueryRetrieveInformationModel)]
    public async IAsyncEnumerable<CStoreRequest> OnMove(CMoveRequest request)
    {
        await Task.Yield();
        yield return new CStoreRequest(new DicomDataset().Set(DicomTag.SOPClassUID, SopClass.CTImageStorage).Set(DicomTag.SOPInstanceUID, "1.2.3." + request.MoveDestination.Length));
    }

    [Fact]
    public async Task Find_ReturnsTheMatchesProjectedOntoTheKeys_ThenSuccess()
    {
        var host = new DicomTestHost(this);

        var result = await host.FindAsync(new CFindRequest(SopClass.FINDPatientRootQueryRetrieveInformationModel,
            new DicomDataset().Set(DicomTag.QueryRetrieveLevel, "PATIENT").Set(DicomTag.PatientName, "Doe*").Set(DicomTag.PatientID, Array.Empty<string>())));

        Assert.Equal(DimseStatus.Success, result.Final.Status);
        var match = Assert.Single(result.Matches);
        Assert.Equal([DicomTag.QueryRetrieveLevel, DicomTag.PatientName, DicomTag.PatientID], match.Select(a => a.Tag));
        Assert.Equal("P1", match.GetString(DicomTag.PatientID));
    }

    [Fact]
    public async Task Find_WithoutALevel_IsRefusedWithA900_BeforeTheHandlerRuns()
    {
        var host = new DicomTestHost(this);

        var result = await host.FindAsync(new CFindRequest(SopClass.FINDPatientRootQueryRetrieveInformationModel, new DicomDataset().Set(DicomTag.PatientID, "P1")));

        Assert.Equal(DimseStatus.IdentifierDoesNotMatchSopClass, result.Final.Status);
        Assert.Equal("Query/Retrieve Level (0008,0052) is missing", result.Final.ErrorComment);
        Assert.Empty(result.Matches);
        Assert.False(HandlerRan);
    }

    [Fact]
    public async Task Find_WithoutAnIdentifier_IsRefusedWithA900_BeforeTheHandlerRuns()
    {
        var host = new DicomTestHost(this);

        var result = await host.FindAsync(new CFindRequest(SopClass.FINDPatientRootQueryRetrieveInformationModel, null!));

        Assert.Equal(DimseStatus.IdentifierDoesNotMatchSopClass, result.Final.Status);
        Assert.Equal("the C-FIND-RQ carries no Identifier", result.Final.ErrorComment);
        Assert.False(HandlerRan);
    }

    [Fact]
    public async Task Find_WithALevelTheModelDoesNotHave_IsRefusedWithA900()
    {
        var host = new DicomTestHost(this);

        var result = await host.FindAsync(new CFindRequest(SopClass.FINDPatientRootQueryRetrieveInformationModel, new DicomDataset().Set(DicomTag.QueryRetrieveLevel, "WARD")));

        Assert.Equal(DimseStatus.IdentifierDoesNotMatchSopClass, result.Final.Status);
        Assert.Equal("Query/Retrieve Level WARD is not one of PATIENT, STUDY, SERIES, IMAGE", result.Final.ErrorComment);
    }

    [Fact]
    public async Task Move_NamesTheInstancesTheFrameworkWouldSend()
    {
        var host = new DicomTestHost(this);

        var (instances, refusal) = await host.RetrieveAsync(new CMoveRequest(SopClass.MOVEPatientRootQueryRetrieveInformationModel,
            new DicomDataset().Set(DicomTag.QueryRetrieveLevel, "PATIENT").Set(DicomTag.PatientID, "P1"), "STORESCP"));

        Assert.Null(refusal);
        Assert.Equal("1.2.3.8", Assert.Single(instances).SopInstanceUid);
    }

    [Fact]
    public void TheGeneratedContexts_AcceptQueriesFromThePeerAsScu()
    {
        var contexts = ((Declarative.Dicom.Network.IDicomServiceHandler)this).PresentationContexts;

        Assert.Contains(contexts, c => c.AbstractSyntax == SopClass.FINDPatientRootQueryRetrieveInformationModel && c.RequestorMayBeScu && !c.RequestorMayBeScp);
        Assert.Contains(contexts, c => c.AbstractSyntax == SopClass.MOVEPatientRootQueryRetrieveInformationModel && c.RequestorMayBeScu);
    }
}
