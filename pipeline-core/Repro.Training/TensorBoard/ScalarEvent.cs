namespace Repro.Training.TensorBoard;

/// <summary>One scalar read back from an event file.</summary>
public sealed record ScalarEvent(string Tag, long Step, float Value);
