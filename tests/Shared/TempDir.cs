namespace Repro.Tests.Shared;

/// <summary>A fresh folder under the system temp folder, removed when disposed. Tests never write into the repo.</summary>
public sealed class TempDir : IDisposable
{
    private TempDir(string path) => Path = path;

    public string Path { get; }

    public static TempDir Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "repro-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return new TempDir(path);
    }

    /// <summary>Writes <paramref name="text"/> to a file relative to the folder, creating folders on the way.</summary>
    public string Write(string relativePath, string text)
    {
        var full = Resolve(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public string Read(string relativePath) => File.ReadAllText(Resolve(relativePath));

    public bool Exists(string relativePath) => File.Exists(Resolve(relativePath)) || Directory.Exists(Resolve(relativePath));

    public string Resolve(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the OS cleans the temp folder eventually.
        }
    }
}
