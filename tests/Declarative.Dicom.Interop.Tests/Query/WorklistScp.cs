using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Interop.Tests.Query;

/// <summary>A worklist and a Patient Root SCP written as a user would: streams of datasets, matched with the framework's DicomQuery.</summary>
public partial class WorklistScp(IReadOnlyList<DicomDataset> items, DicomQueryOptions? options = null)
{
    private readonly DicomQueryOptions _options = options ?? DicomQueryOptions.Default;

    /// <summary>Set once a stream saw its token cancelled (C-CANCEL, release or abort).</summary>
    public TaskCompletionSource<int> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A key this SCP says it does not support (its matches then go with 0xFF01).</summary>
    public DicomTag? Unsupported { get; init; }

    /// <summary>When set, the handler throws once it has produced this many matches (a database that fails mid-query).</summary>
    public int? ThrowAfter { get; init; }

    /// <summary>What it throws then: by default an IOException (answered 0xC000), or a DimseStatusException with a status of its own.</summary>
    public Func<Exception> Failure { get; init; } = () => new IOException("the worklist database went away");

    /// <summary>How many matches the handler had produced when it stopped.</summary>
    public int Produced;

    [CFind(SopClass.FINDModalityWorklistInformationModel)]
    public async IAsyncEnumerable<DicomDataset> OnWorklistQuery(DicomQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The token may be cancelled while this iterator waits at a yield (the framework then stops asking for more): a
        // registration sees it whenever it happens, polling only if the iterator runs again.
        using var seen = cancellationToken.Register(() => Cancelled.TrySetResult(Volatile.Read(ref Produced)));
        if (Unsupported is { } key)
        {
            query.NotSupported(key);
        }

        foreach (var item in items)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            if (Produced == ThrowAfter)
            {
                throw Failure();
            }

            if (query.Matches(item, _options))
            {
                Interlocked.Increment(ref Produced);
                yield return item;
                await Task.Yield();
            }
        }
    }

    [CFind(SopClass.FINDPatientRootQueryRetrieveInformationModel)]
    public async IAsyncEnumerable<DicomDataset> OnPatientQuery(CFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (request.Query.Matches(item))
            {
                yield return item;
            }
        }
    }

    /// <summary>Three steps: two CT (ACC1, ACC3) and one MR, two patients named Do*.</summary>
    public static DicomDataset[] ThreeItems() =>
    [
        Item(1, "Doe^Jane", "CT", "20261201", "083000"),
        Item(2, "Doe^John", "MR", "20261201", "093000"),
        Item(3, "Dole^Ann", "CT", "20261202", "110000"),
    ];

    /// <summary>A worklist item as a RIS would schedule it (PS3.4 K.6.1.2.2's required keys).</summary>
    public static DicomDataset Item(int n, string patientName, string modality, string date, string time, string station = "CT01")
    {
        var step = new DicomDataset()
            .Set(DicomTag.Modality, modality)
            .Set(DicomTag.ScheduledStationAETitle, station)
            .Set(DicomTag.ScheduledProcedureStepStartDate, date)
            .Set(DicomTag.ScheduledProcedureStepStartTime, time)
            .Set(DicomTag.ScheduledPerformingPhysicianName, "Welby^Marcus")
            .Set(DicomTag.ScheduledProcedureStepDescription, $"Step {n}")
            .Set(DicomTag.ScheduledProcedureStepID, $"SPS{n}");
        var item = new DicomDataset()
            .Set(DicomTag.SpecificCharacterSet, "ISO_IR 100")
            .Set(DicomTag.AccessionNumber, $"ACC{n}")
            .Set(DicomTag.PatientName, patientName)
            .Set(DicomTag.PatientID, $"PID{n}")
            .Set(DicomTag.PatientBirthDate, "19700101")
            .Set(DicomTag.PatientSex, "O")
            .Set(DicomTag.StudyInstanceUID, $"1.2.826.0.1.3680043.2.1125.9.{n}")
            .Set(DicomTag.RequestedProcedureID, $"RP{n}")
            .Set(DicomTag.QueryRetrieveLevel, "PATIENT");
        item.SetSequence(DicomTag.ScheduledProcedureStepSequence, step);
        return item;
    }
}
