using Declarative.Dicom.Network;
using Declarative.Dicom.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Declarative.Dicom.AspNetCore;

/// <summary>Where the transactions go: the workitem ones through a <see cref="DicomGateway"/> to <see cref="UpsRsOptions.Handler"/>, the subscriptions to the workflow.</summary>
internal sealed class UpsRsDispatch(IOptions<UpsRsOptions> options, UnifiedProcedureStepWorkflow ups, ILogger<UpsRsDispatch> logger)
{
    public DicomGateway Gateway { get; } = new(options.Value.Handler ?? ups, options.Value.AETitle, logger);

    public UnifiedProcedureStepWorkflow Workflow => ups;

    public UpsRsOptions Options => options.Value;
}
