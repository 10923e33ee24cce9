namespace Declarative.Dicom;

/// <summary>
/// Marks a method of a partial class as the handler of C-ECHO requests (PS3.7 9.1.5) for the Verification SOP
/// class. Without a handler a class answers no C-ECHO; with one, the method decides the status (Success or 0x0110 for a
/// service that is up but not well).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CEchoAttribute : Attribute
{
}
