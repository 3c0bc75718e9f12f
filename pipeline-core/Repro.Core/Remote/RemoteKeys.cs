using System.Diagnostics.CodeAnalysis;
using Repro.Core.Cache;

namespace Repro.Core.Remote;

/// <summary>
/// The layout of a remote (contract, DESIGN.md §9): <c>objects/&lt;2 hex&gt;/&lt;62 hex&gt;</c> holds each cache object as in
/// <c>.repro/cache</c>, and <c>runcache/&lt;stage&gt;/&lt;fingerprint&gt;.json</c> holds one run-cache record (see
/// <see cref="RunCacheRecord"/>), so a later <c>pull</c> brings what <c>run</c> needs to restore instead of execute.
/// </summary>
public static class RemoteKeys
{
    public const string ObjectsPrefix = "objects/";
    public const string RunCachePrefix = "runcache/";
    private const string RecordSuffix = ".json";

    public static string Object(ObjectId id)
    {
        var hex = id.ToString();
        return $"{ObjectsPrefix}{hex[..2]}/{hex[2..]}";
    }

    /// <summary>The key of a run-cache record; the stage name is escaped (an expanded stage's name may hold any character).</summary>
    public static string Record(string stage, string fingerprint) =>
        $"{RunCachePrefix}{Uri.EscapeDataString(stage)}/{fingerprint}{RecordSuffix}";

    public static bool TryParseObject(string key, out ObjectId id)
    {
        id = default;
        return key.Length == ObjectsPrefix.Length + ObjectId.HexLength + 1
            && key.StartsWith(ObjectsPrefix, StringComparison.Ordinal)
            && key[ObjectsPrefix.Length + 2] == '/'
            && ObjectId.TryParse(string.Concat(key.AsSpan(ObjectsPrefix.Length, 2), key.AsSpan(ObjectsPrefix.Length + 3)), out id)
            && Object(id) == key;
    }

    public static bool TryParseRecord(string key, [NotNullWhen(true)] out string? stage, [NotNullWhen(true)] out string? fingerprint)
    {
        (stage, fingerprint) = (null, null);
        if (!key.StartsWith(RunCachePrefix, StringComparison.Ordinal) || !key.EndsWith(RecordSuffix, StringComparison.Ordinal))
            return false;
        var rest = key[RunCachePrefix.Length..^RecordSuffix.Length];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1 || rest.IndexOf('/', slash + 1) >= 0)
            return false;
        (stage, fingerprint) = (Uri.UnescapeDataString(rest[..slash]), rest[(slash + 1)..]);
        return true;
    }
}
