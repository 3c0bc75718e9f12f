using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Steps;
using Repro.Training.Optimizers;

namespace Repro.Training.Reporting;

/// <summary>
/// The hyperparameters a built-in trainer records (the metrics JSON's <c>hparams</c>, TensorBoard's HParams dashboard):
/// every resolved <c>with:</c> argument, defaults included, sorted by key. A value nobody gave and nothing defaults (null)
/// is left out: it would say nothing.
/// </summary>
public static class Hyperparameters
{
    /// <summary>
    /// <paramref name="with"/>'s resolved arguments, plus <paramref name="extra"/> values under keys the arguments do not
    /// hold (defaults a trainer resolves itself, such as the optimizer's when <c>optimizer:</c> is absent).
    /// </summary>
    public static JsonObject From(StepArguments with, IEnumerable<KeyValuePair<string, object?>>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(with);
        var all = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in with.Resolved)
            all[key] = value;
        foreach (var (key, value) in extra ?? [])
            all.TryAdd(key, value);
        var hparams = new JsonObject();
        foreach (var (key, value) in all)
            if (value is not null)
                hparams[key] = JsonSerializer.SerializeToNode(value);
        return hparams;
    }

    /// <summary>What an optimizer really uses, under the keys a user writes in <paramref name="key"/>: (<c>optimizer.lr</c>, ...).</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Optimizer(string key, OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return
        [
            new($"{key}.type", spec.Type),
            new($"{key}.lr", spec.Lr),
            new($"{key}.momentum", spec.Momentum),
            new($"{key}.beta1", spec.Beta1),
            new($"{key}.beta2", spec.Beta2),
            new($"{key}.eps", spec.Eps),
            new($"{key}.weight_decay", spec.WeightDecay),
        ];
    }

    /// <summary><paramref name="hparams"/> as plain numbers, booleans and strings for TensorBoard's HParams; lists as their JSON text.</summary>
    public static IReadOnlyDictionary<string, object?> ForTensorBoard(JsonObject hparams)
    {
        ArgumentNullException.ThrowIfNull(hparams);
        return hparams.ToDictionary(
            kv => kv.Key,
            kv =>
                kv.Value switch
                {
                    JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
                    JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                    null => null,
                    var other => (object?)other.ToJsonString(),
                }
        );
    }
}
