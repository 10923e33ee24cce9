namespace Declarative.Dicom;

// The Unified Procedure Step statuses of PS3.4 CC.2 (Tables CC.2.1-2, CC.2.2-2, CC.2.3-2, CC.2.5-2, CC.2.6-2, CC.2.7-2),
// named as dcm4che and pynetdicom name them, so that a UPS SCP and its analyzers read them by name.
public readonly partial struct DimseStatus
{
    [DimseStatusCode(0xB300)]
    public static DimseStatus UpsCreatedWithModifications => new(0xB300);

    [DimseStatusCode(0xB301)]
    public static DimseStatus UpsDeletionLockNotGranted => new(0xB301);

    [DimseStatusCode(0xB304)]
    public static DimseStatus UpsAlreadyCanceled => new(0xB304);

    [DimseStatusCode(0xB305)]
    public static DimseStatus UpsCoercedInvalidValues => new(0xB305);

    [DimseStatusCode(0xB306)]
    public static DimseStatus UpsAlreadyCompletedWarning => new(0xB306);

    [DimseStatusCode(0xC300)]
    public static DimseStatus UpsMayNoLongerBeUpdated => new(0xC300);

    [DimseStatusCode(0xC301)]
    public static DimseStatus UpsTransactionUidNotCorrect => new(0xC301);

    [DimseStatusCode(0xC302)]
    public static DimseStatus UpsAlreadyInProgress => new(0xC302);

    [DimseStatusCode(0xC303)]
    public static DimseStatus UpsMayOnlyBecomeScheduledByCreate => new(0xC303);

    [DimseStatusCode(0xC304)]
    public static DimseStatus UpsFinalStateRequirementsNotMet => new(0xC304);

    [DimseStatusCode(0xC307)]
    public static DimseStatus UpsDoesNotExist => new(0xC307);

    [DimseStatusCode(0xC308)]
    public static DimseStatus UpsUnknownReceivingAE => new(0xC308);

    [DimseStatusCode(0xC309)]
    public static DimseStatus UpsNotScheduled => new(0xC309);

    [DimseStatusCode(0xC310)]
    public static DimseStatus UpsNotYetInProgress => new(0xC310);

    [DimseStatusCode(0xC311)]
    public static DimseStatus UpsAlreadyCompleted => new(0xC311);

    [DimseStatusCode(0xC312)]
    public static DimseStatus UpsPerformerCannotBeContacted => new(0xC312);

    [DimseStatusCode(0xC313)]
    public static DimseStatus UpsPerformerChoosesNotToCancel => new(0xC313);

    [DimseStatusCode(0xC314)]
    public static DimseStatus UpsActionNotAppropriate => new(0xC314);

    [DimseStatusCode(0xC315)]
    public static DimseStatus UpsDoesNotSupportEventReports => new(0xC315);
}
