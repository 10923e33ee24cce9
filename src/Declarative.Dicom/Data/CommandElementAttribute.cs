namespace Declarative.Dicom.Data;

/// <summary>Marks the <see cref="DicomTag"/> members of group 0000 (command elements), which the analyzers tell apart in status datasets.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CommandElementAttribute : Attribute
{
}
