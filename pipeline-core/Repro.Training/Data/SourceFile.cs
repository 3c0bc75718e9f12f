namespace Repro.Training.Data;

/// <summary>A file a dataset was read from, and its SHA-256 in lower-case hex.</summary>
public sealed record SourceFile(string Path, string Sha256)
{
    /// <summary>Hashes <paramref name="path"/>; <paramref name="displayPath"/> is what gets recorded.</summary>
    public static SourceFile Hash(string path, string displayPath)
    {
        using var stream = File.OpenRead(path);
        return new SourceFile(displayPath, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)));
    }
}
