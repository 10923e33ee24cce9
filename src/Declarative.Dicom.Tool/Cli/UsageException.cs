namespace Declarative.Dicom.Tool.Cli;

/// <summary>The command line or the peers file asks for something that cannot be done as written (exit 64).</summary>
internal sealed class UsageException(string message) : Exception(message);
