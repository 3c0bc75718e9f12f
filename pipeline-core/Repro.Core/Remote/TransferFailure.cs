namespace Repro.Core.Remote;

/// <summary>One object or record that could not be moved, and why (a whole sentence).</summary>
public sealed record TransferFailure(string Key, string Message);
