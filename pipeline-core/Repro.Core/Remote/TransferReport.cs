namespace Repro.Core.Remote;

/// <summary>What a <c>push</c> or <c>pull</c> moved.</summary>
/// <param name="Remote">The remote's name.</param>
/// <param name="ObjectsTransferred">Objects copied (they were missing on the other side).</param>
/// <param name="ObjectsSkipped">Objects already on the other side.</param>
/// <param name="BytesTransferred">The bytes of the objects copied.</param>
/// <param name="ObjectsMissing">Objects needed but on neither side (pull: not on the remote; push: not in the local cache).</param>
/// <param name="RecordsTransferred">Run-cache records copied.</param>
/// <param name="RecordsSkipped">Run-cache records already on the other side.</param>
/// <param name="Failures">What could not be moved (a corrupted object, an unreadable record).</param>
public sealed record TransferReport(
    string Remote,
    int ObjectsTransferred,
    int ObjectsSkipped,
    long BytesTransferred,
    int ObjectsMissing,
    int RecordsTransferred,
    int RecordsSkipped,
    IReadOnlyList<TransferFailure> Failures
)
{
    public bool Succeeded => Failures.Count == 0;
}
