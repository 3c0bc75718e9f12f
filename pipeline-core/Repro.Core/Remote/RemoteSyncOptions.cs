namespace Repro.Core.Remote;

/// <summary>How <see cref="RemoteSync"/> moves objects.</summary>
public sealed record RemoteSyncOptions
{
    /// <summary>How many objects move at once.</summary>
    /// <value>The default is 8: enough to hide a remote's latency without flooding a shared file server.</value>
    public int Jobs { get; init; } = 8;

    /// <summary>
    /// Up to this many candidate objects, each is asked for (one HEAD each); above it, the remote's object list is read once
    /// (one LIST per thousand objects), which is cheaper for a big push.
    /// </summary>
    /// <value>The default is 64.</value>
    public int ListThreshold { get; init; } = 64;
}
