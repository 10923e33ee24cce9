using Declarative.Dicom.Catalogue;

namespace Declarative.Dicom.Tool.Retrieve;

/// <summary>What a C-GET brings back: each instance written to the folder as a Part 10 file named by its SOP Instance UID.</summary>
internal sealed partial class RetrievedFiles(string folder)
{
    private int _written;

    public int Written => Volatile.Read(ref _written);

    [CStore]
    public async Task<DimseStatus> OnStore(CStoreRequest request, CancellationToken cancellationToken)
    {
        var name = string.Concat((request.SopInstanceUid ?? Guid.NewGuid().ToString()).Where(c => char.IsAsciiDigit(c) || c == '.'));
        await request.SaveAsPart10Async(Path.Combine(folder, name + ".dcm"), cancellationToken);
        Interlocked.Increment(ref _written);
        return DimseStatus.Success;
    }

    /// <summary>
    /// The storage classes to propose with the SCP role: those asked for, or a common set (one association carries at most
    /// 128 presentation contexts, fewer than the Storage Service Class has SOP classes).
    /// </summary>
    public static IReadOnlyList<string> StorageClasses(string[]? asked)
    {
        if (asked is not { Length: > 0 })
        {
            return Common;
        }

        return asked.Select(a => ServiceClassCatalogue.IsStorageSopClass(a) ? a
            : ServiceClassCatalogue.KnownSopClasses.FirstOrDefault(k => k.Value == a && ServiceClassCatalogue.IsStorageSopClass(k.Key)).Key
              ?? throw new Cli.UsageException($"--storage-class {a}: not a storage SOP class UID or keyword")).ToList();
    }

    private static readonly string[] Common =
    [
        SopClass.CTImageStorage, SopClass.EnhancedCTImageStorage, SopClass.MRImageStorage, SopClass.EnhancedMRImageStorage,
        SopClass.ComputedRadiographyImageStorage, SopClass.DigitalXRayImageStorageForPresentation, SopClass.DigitalMammographyXRayImageStorageForPresentation,
        SopClass.UltrasoundImageStorage, SopClass.UltrasoundMultiframeImageStorage, SopClass.SecondaryCaptureImageStorage, SopClass.XRayAngiographicImageStorage,
        SopClass.NuclearMedicineImageStorage, SopClass.PositronEmissionTomographyImageStorage, SopClass.RTImageStorage, SopClass.RTDoseStorage,
        SopClass.RTStructureSetStorage, SopClass.RTPlanStorage, SopClass.BasicTextSRStorage, SopClass.EnhancedSRStorage, SopClass.ComprehensiveSRStorage,
        SopClass.EncapsulatedPDFStorage, SopClass.GrayscaleSoftcopyPresentationStateStorage, SopClass.KeyObjectSelectionDocumentStorage,
    ];
}
