namespace Declarative.Dicom;

/// <summary>
/// Lets calls of this handler overlap: while it awaits, its association goes on serving the requests that follow, and
/// its response goes out when it completes, matched by Message ID. Only on an association that negotiated an
/// asynchronous operations window (PS3.7 D.3.3.3) with more than one operation performed, and at most that many at
/// once; otherwise, and for every handler without this attribute, requests are served one at a time in arrival order.
/// What the handler is lent stays its own until it completes (the association lends the next requests new objects).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ConcurrentHandlerAttribute : Attribute
{
}
