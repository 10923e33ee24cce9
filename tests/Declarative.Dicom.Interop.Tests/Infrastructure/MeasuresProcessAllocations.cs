namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>
/// Tests that measure the process's allocations (GC.GetTotalAllocatedBytes) run alone: xUnit runs the other test classes in
/// parallel in this process, and what they allocate would be counted as the measured operation's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuresProcessAllocations
{
    public const string Name = "measures process allocations";
}
