namespace Declarative.Dicom.AspNetCore;

/// <summary>The Worklist Service's transactions (PS3.18 11.2), each with its own HTTP statuses for the same DIMSE status.</summary>
public enum UpsRsTransaction
{
    Create,
    Retrieve,
    Update,
    ChangeState,
    RequestCancellation,
    Search,
    Subscribe,
    Unsubscribe,
    SuspendGlobalSubscription,
}
