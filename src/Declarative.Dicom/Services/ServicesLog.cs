using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Services;

/// <summary>What the generated dispatch decides about a handler's result, logged with the request it answers.</summary>
internal static partial class ServicesLog
{
    [LoggerMessage(101, LogLevel.Warning, "{Request}: status 0x{Status:X4} is not one the {ServiceClass} allows for {Service}; sent as is")]
    public static partial void UnknownStatus(ILogger logger, string request, ushort status, string serviceClass, string service);

    [LoggerMessage(102, LogLevel.Warning, "{Request}: the handler returned a reply dataset with status 0x{Status:X4}; only Success and Warning carry one, so it is dropped")]
    public static partial void ReplyWithFailure(ILogger logger, string request, ushort status);

    [LoggerMessage(103, LogLevel.Warning, "{Request}: the handler returned a reply dataset, but {Operation} defines no reply; it is dropped")]
    public static partial void ReplyNotDefined(ILogger logger, string request, string operation);

    [LoggerMessage(104, LogLevel.Warning, "{Request}: the handler's status dataset has no Status (0000,0900); answering 0xC001")]
    public static partial void StatusDatasetWithoutStatus(ILogger logger, string request);

    [LoggerMessage(105, LogLevel.Warning, "{Request}: {Missing} is missing from the {What}; the handler was not called, answering 0x{Status:X4}")]
    public static partial void MissingAttribute(ILogger logger, string request, string missing, string what, ushort status);

    [LoggerMessage(106, LogLevel.Information, "{Request}: no handler for event type {EventTypeId} of {SopClass}; answering 0x0113")]
    public static partial void NoSuchEventType(ILogger logger, string request, ushort eventTypeId, string sopClass);

    [LoggerMessage(107, LogLevel.Information, "{Request}: no handler for {SopClass}; answering 0x{Status:X4}")]
    public static partial void NoSuchSopClass(ILogger logger, string request, string sopClass, ushort status);

    [LoggerMessage(108, LogLevel.Information, "{Request}: no handler for action type {ActionTypeId} of {SopClass}; answering 0x0123")]
    public static partial void NoSuchActionType(ILogger logger, string request, ushort actionTypeId, string sopClass);

    [LoggerMessage(109, LogLevel.Warning, "{Request}: the Modification List carries attributes N-SET may not change ({Attributes}); the handler was not called, answering 0x0105")]
    public static partial void NotAllowedInSet(ILogger logger, string request, string attributes);

    [LoggerMessage(110, LogLevel.Error, "{Request}: the SCU left the SOP Instance UID to us, but the handler answered Success without one (return DimseResult.Created(uid)); the SCU cannot name the instance")]
    public static partial void CreatedWithoutInstance(ILogger logger, string request);
}
