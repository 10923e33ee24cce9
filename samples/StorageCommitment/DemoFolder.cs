namespace StorageCommitmentSample;

/// <summary>A temporary folder for the demo's embedded PACS (its report outbox), removed when the demo ends.</summary>
internal sealed class DemoFolder : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "storage-commitment-demo-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        // SQLite may still hold the file a moment after the outbox is disposed; the folder is in the temp directory anyway.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
