using System.Text.Json;
using System.Text.Json.Serialization;
using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Core.Store;

namespace Repro.Core.Remote;

/// <summary>
/// How a run-cache entry travels (contract, DESIGN.md §9): a small JSON document at
/// <c>runcache/&lt;stage&gt;/&lt;fingerprint&gt;.json</c>, pushed after every object it names so that a reader never finds a
/// record whose objects are not there yet.
/// </summary>
/// <remarks>
/// <code>
/// { "format": "repro-run-cache 1", "fingerprint": "…", "stage": "train", "run_id": "…",
///   "metrics": "{\"acc\":0.9}", "outs": [ { "path": "models/model.pt", "id": "…", "dir": false, "bytes": 123, "files": 1 } ] }
/// </code>
/// The fingerprint is not a hash of the record, so a record is checked by what it says: its fingerprint and stage match its
/// key, and every id parses. Its objects are checked against their ids on arrival.
/// </remarks>
public static class RunCacheRecord
{
    public const string Format = "repro-run-cache 1";

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static byte[] Write(StageResultRecord result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var document = new Document(
            Format,
            result.Fingerprint,
            result.Stage,
            result.RunId,
            result.MetricsJson,
            [.. result.Outs.Select(o => new Out(o.Path, o.Hash.Id.ToString(), o.Hash.IsDirectory, o.Hash.Bytes, o.Hash.Files))]
        );
        return JsonSerializer.SerializeToUtf8Bytes(document, Options);
    }

    /// <summary>Reads a record fetched from <paramref name="key"/>; throws <see cref="FormatException"/> when it is not a valid one.</summary>
    public static StageResultRecord Read(ReadOnlySpan<byte> bytes, string key)
    {
        if (!RemoteKeys.TryParseRecord(key, out var stage, out var fingerprint))
            throw new FormatException("not a run-cache record key");
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(bytes, Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not JSON: {ex.Message}", ex);
        }
        if (document is null || document.Format != Format)
            throw new FormatException($"not a '{Format}' document");
        if (document.Fingerprint != fingerprint || document.Stage != stage)
            throw new FormatException("its fingerprint or stage does not match its key");
        if (document.RunId is null || document.Metrics is null || document.Outs is null)
            throw new FormatException("a field is missing");
        var outs = new List<StageOut>(document.Outs.Count);
        foreach (var o in document.Outs)
        {
            if (o.Path is null || !ObjectId.TryParse(o.Id, out var id) || o.Bytes < 0 || o.Files < 0)
                throw new FormatException("an out is malformed");
            outs.Add(new StageOut(o.Path, new PathHash(id, o.Dir, o.Bytes, o.Files)));
        }
        return new StageResultRecord(fingerprint, stage, outs, document.Metrics, document.RunId);
    }

    private sealed record Document(
        string? Format,
        string? Fingerprint,
        string? Stage,
        string? RunId,
        string? Metrics,
        IReadOnlyList<Out>? Outs
    );

    private sealed record Out(string? Path, string? Id, bool Dir, long Bytes, int Files);
}
