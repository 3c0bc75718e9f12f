namespace Repro.Core.Pipeline;

/// <summary>What a remote cache is stored in (<c>type:</c> of an entry under <c>remotes:</c>).</summary>
public enum RemoteKind
{
    /// <summary><c>type: dir</c>: a folder, local or mounted (NFS, SMB, a synced drive).</summary>
    Dir,

    /// <summary><c>type: s3</c>: an S3 bucket or any S3-compatible object store.</summary>
    S3,
}
