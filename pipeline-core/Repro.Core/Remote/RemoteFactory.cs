using Repro.Core.Pipeline;

namespace Repro.Core.Remote;

/// <summary>Chooses a remote from pipeline.yaml (by name, or the default) and opens it.</summary>
public static class RemoteFactory
{
    /// <summary>The remote named <paramref name="name"/>, or the default one: the one marked <c>default: true</c>, or the only one.</summary>
    /// <exception cref="ReproException">There is no such remote, or none is the default.</exception>
    public static RemoteSpec Select(PipelineFile pipeline, string? name)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var remotes = pipeline.Remotes;
        if (remotes.Count == 0)
            throw new ReproException(RemoteErrors.NoRemotes());
        var names = remotes.Select(r => r.Name).ToList();
        if (name is not null)
            return remotes.FirstOrDefault(r => r.Name == name) ?? throw new ReproException(RemoteErrors.UnknownRemote(name, names));
        return remotes.FirstOrDefault(r => r.IsDefault)
            ?? (remotes.Count == 1 ? remotes[0] : throw new ReproException(RemoteErrors.NoDefaultRemote(names)));
    }

    /// <summary>Opens the remote <paramref name="spec"/> describes.</summary>
    /// <exception cref="ReproException">A folder remote's folder does not exist.</exception>
    public static IRemote Open(RemoteSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        switch (spec.Kind)
        {
            case RemoteKind.Dir:
                if (!Directory.Exists(spec.DirPath))
                    throw new ReproException(RemoteErrors.DirRemoteMissing(spec.At, spec.Name, spec.DirPath!));
                return new DirectoryRemote(spec.DirPath!);
            case RemoteKind.S3:
                return S3Remote.Open(spec);
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unknown remote kind");
        }
    }
}
