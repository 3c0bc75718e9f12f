namespace Repro.Core.Pipeline;

/// <summary>One entry of <c>remotes:</c> in pipeline.yaml: where <c>push</c> and <c>pull</c> move cache objects (DESIGN.md §9).</summary>
/// <remarks>
/// <code>
/// remotes:
///   shared: { type: dir, path: /mnt/nfs/repro-cache, default: true }
///   cloud:  { type: s3, bucket: ml-cache, prefix: fashion, endpoint: http://minio:9000, region: us-east-1, profile: ci, jobs: 16 }
/// </code>
/// </remarks>
public sealed record RemoteSpec
{
    /// <summary>The remote's name (its key under <c>remotes:</c>), as <c>--remote</c> names it.</summary>
    public required string Name { get; init; }

    /// <summary>Where the entry is written, for messages.</summary>
    public required SourceLocation At { get; init; }

    public required RemoteKind Kind { get; init; }

    /// <summary>For <see cref="RemoteKind.Dir"/>: the folder, absolute (a relative path was resolved against the project).</summary>
    public string? DirPath { get; init; }

    /// <summary>For <see cref="RemoteKind.S3"/>: the bucket.</summary>
    public string? Bucket { get; init; }

    /// <summary>For <see cref="RemoteKind.S3"/>: a key prefix inside the bucket, without leading or trailing '/'; empty for none.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>For <see cref="RemoteKind.S3"/>: a custom S3-compatible endpoint (MinIO, Ceph, ...); addressed path-style. Null for AWS.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>For <see cref="RemoteKind.S3"/>: the region; null to take it from AWS_REGION or the profile.</summary>
    public string? Region { get; init; }

    /// <summary>For <see cref="RemoteKind.S3"/>: the AWS profile to take credentials from; null for the usual chain.</summary>
    public string? Profile { get; init; }

    /// <summary>Whether <c>push</c> and <c>pull</c> use this remote when <c>--remote</c> is not given.</summary>
    public bool IsDefault { get; init; }

    /// <summary>How many objects move at once; null for the command's default.</summary>
    public int? Jobs { get; init; }
}
