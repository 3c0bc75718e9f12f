namespace Repro.Core;

/// <summary>Process exit codes (contract: DESIGN.md §5).</summary>
public static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Success = 0;

    /// <summary>A stage failed, or <c>verify</c> found drift, or an unexpected error (a bug) happened.</summary>
    public const int Failure = 1;

    /// <summary>The input is invalid: usage, pipeline file, parameters.</summary>
    public const int InvalidInput = 2;
}
