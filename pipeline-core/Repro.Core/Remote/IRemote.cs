namespace Repro.Core.Remote;

/// <summary>
/// A place that holds cache objects and run-cache records under '/'-separated keys (see <see cref="RemoteKeys"/>): a folder
/// or an S3 bucket. Implementations never show a partly written value under its final key.
/// </summary>
public interface IRemote : IDisposable
{
    /// <summary>Where it is, for messages: a folder or <c>s3://bucket/prefix</c>.</summary>
    string Location { get; }

    /// <summary>Whether <paramref name="key"/> exists.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken ct);

    /// <summary>Every key that starts with <paramref name="prefix"/> (a folder-like prefix ending in '/').</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken ct);

    /// <summary>
    /// Stores <paramref name="content"/> (read to its end) under <paramref name="key"/>, replacing any value. If reading
    /// <paramref name="content"/> throws, nothing appears under <paramref name="key"/>.
    /// </summary>
    Task UploadAsync(string key, Stream content, CancellationToken ct);

    /// <summary>Copies the value of <paramref name="key"/> into <paramref name="destination"/>; false when there is none.</summary>
    Task<bool> DownloadAsync(string key, Stream destination, CancellationToken ct);
}
