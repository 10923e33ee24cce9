namespace Declarative.Dicom;

/// <summary>
/// Marks a method of a partial class as the handler of C-STORE requests (PS3.7 9.1.1) for one storage SOP class,
/// or, without an argument, for every SOP class of the Storage Service Class (PS3.4 B.5) that no other
/// [CStore] of the class names. A method may carry several of these.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class CStoreAttribute : Attribute
{
    /// <summary>Every storage SOP class of the standard.</summary>
    public CStoreAttribute()
    {
    }

    public CStoreAttribute(string sopClassUid) => SopClassUid = sopClassUid;

    /// <summary>The SOP class, or null for every storage SOP class.</summary>
    public string? SopClassUid { get; }
}
