namespace Declarative.Dicom.Tests;

/// <summary>Waits for what happens in the background (a report delivered, a connection dropped), failing with what was awaited.</summary>
internal static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        TrueAsync(() => Task.FromResult(condition()), () => what, within);

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null) => TrueAsync(condition, () => what, within);

    /// <param name="condition">Looked at every 25 ms.</param>
    /// <param name="what">What was awaited and what is the case instead, said when it times out.</param>
    /// <param name="within">10 s unless told.</param>
    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what()}");
            await Task.Delay(25);
        }
    }
}
