using Declarative.Dicom.Network;

namespace Declarative.Dicom.AspNetCore;

/// <summary>
/// The HTTP answer of a UPS-RS transaction for the DIMSE status the same rules give an association (PS3.18 11.4–11.12,
/// tables x.3-1 and the Warning header fields of x.3-2): one to one, so that a refusal reads the same on both channels.
/// </summary>
public readonly record struct UpsRsStatus(int HttpStatus, string? Warning)
{
    public static UpsRsStatus Of(UpsRsTransaction transaction, DimseStatus status, bool transactionUidGiven = true)
    {
        if (status.IsSuccess)
        {
            return new(SuccessOf(transaction), null);
        }

        return status.Code switch
        {
            0xB304 => new(SuccessOf(transaction), "The UPS is already in the requested state of CANCELED."),
            0xB306 => new(SuccessOf(transaction), "The UPS is already in the requested state of COMPLETED."),
            0xB301 => new(SuccessOf(transaction), "Deletion Lock not granted."),
            0xB300 => new(SuccessOf(transaction), "The Workitem was created with modifications."),
            0xB305 or 0x0001 => new(SuccessOf(transaction), "Requested optional Attributes are not supported."),
            0xC307 => new(404, transaction == UpsRsTransaction.Subscribe ? "The Target Workitem was not found." : null),
            0x0111 => new(409, "The Target Workitem already exists."),
            0xC301 => new(400, transactionUidGiven ? "The Transaction UID is incorrect." : "The Transaction UID is missing."),
            0xC300 when transaction == UpsRsTransaction.Update => new(400, "The Target Workitem is in a final state and may no longer be updated."),
            0xC300 or 0xC302 or 0xC304 or 0xC310 => new(409, "The submitted request is inconsistent with the current state of the Workitem."),
            0xC311 => new(409, "The UPS is already COMPLETED."),
            0xC312 => new(409, "The performer cannot be contacted."),
            0xC313 => new(409, "Performer chooses not to cancel."),
            0xC309 or 0xC303 or 0xC314 or 0xC308 => new(400, null),
            0xC315 => new(403, "The origin server does not support event reports."),
            0x0124 => new(403, null), // Refused: not authorized (the application's rule, by the user it was given)
            // Missing or invalid attributes, unknown ones, a malformed dataset: the request is wrong.
            0x0105 or 0x0106 or 0x0115 or 0x0116 or 0x0117 or 0x0120 or 0x0121 or 0xA900 or 0xC000 => new(400, null),
            0x0112 or 0x0118 => new(404, null),
            0x0211 or 0x0213 => new(400, null),
            // Out of resources: the server's, and worth a retry.
            _ when (status.Code & 0xFF00) == 0xA700 => new(503, null),
            // The handler failed (an exception, its store, its time-out): 0x0110 by DIMSE.
            _ => new(500, null),
        };
    }

    private static int SuccessOf(UpsRsTransaction transaction) => transaction switch
    {
        UpsRsTransaction.Create or UpsRsTransaction.Subscribe => 201,
        UpsRsTransaction.RequestCancellation => 202,
        _ => 200,
    };
}
