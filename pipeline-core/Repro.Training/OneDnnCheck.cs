using Repro.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Training;

/// <summary>
/// Decides, for one model on one batch, whether training may use libtorch's oneDNN convolutions, which are about twice as
/// fast as libtorch's own on the CPUs measured here but wrong for some layer shapes (<see cref="OneDnn"/> says which).
/// A model with a convolution of a shape known to be wrong keeps oneDNN off. For the others, the model's outputs and every
/// parameter's gradient are computed with libtorch's own kernels, then up to 6 times with oneDNN after filling freed memory
/// with NaN (so a kernel that reads memory it never wrote shows it); oneDNN stays on only when every tensor agrees.
/// </summary>
/// <remarks>
/// The check runs in evaluation mode (no dropout draw, no batch-norm statistics update) with a fixed random weighting of
/// the outputs as the loss, so it changes nothing the training then does except which kernels run; the gradients it
/// leaves are cleared. A model without convolutions keeps oneDNN off: libtorch uses oneDNN for little else on CPU.
/// The known shapes are decided by rule, not by the comparison, because the comparison sees an uninitialised read only
/// when the allocator happens to hand oneDNN a poisoned block: a 2-channel CNN slipped through 6 poisoned rounds in one
/// CI run on an AMD EPYC.
/// </remarks>
public static class OneDnnCheck
{
    // Relative to the largest magnitude of each tensor: far above float32 reordering noise (~1e-6), far below a wrong kernel.
    private const double Tolerance = 1e-3;

    // oneDNN's backward pass is right for convolutions whose output channels fill whole blocks of this many (OneDnn).
    private const int OutputChannelBlock = 16;

    /// <summary>
    /// Checks <paramref name="model"/> on <paramref name="inputs"/> (a training batch, with its <paramref name="lengths"/> for
    /// padded sequences), leaves oneDNN on or off accordingly, and says what it found, for the log and the run record.
    /// </summary>
    public static OneDnnDecision Apply(ReproModel model, Tensor inputs, Tensor? lengths = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        if (!model.modules().Any(m => m is Conv1d or Conv2d or Conv3d or ConvTranspose1d or ConvTranspose2d or ConvTranspose3d))
        {
            OneDnn.TryDisable();
            return new OneDnnDecision(false, "off (the model has no convolution)");
        }
        if (inputs.device_type != DeviceType.CPU)
            return new OneDnnDecision(false, "not used (CUDA)");
        if (KnownWrongOutputChannels(model) is { } outputChannels)
        {
            OneDnn.TryDisable();
            return new OneDnnDecision(
                false,
                $"off (a convolution has {outputChannels} output channels: this libtorch's oneDNN computes wrong gradients where that count is not a multiple of {OutputChannelBlock})"
            );
        }

        var wasTraining = model.training;
        model.eval();
        try
        {
            if (!OneDnn.TrySet(false))
                return new OneDnnDecision(OneDnn.Enabled() ?? true, "unknown (this libtorch does not let Repro switch oneDNN)");
            var reference = Pass(model, inputs, lengths);
            var worst = 0.0;
            OneDnn.TrySet(true);
            // Whether a round hands oneDNN a poisoned block depends on the allocator's history, so shapes the rule above does
            // not know get several chances: with 2 rounds, a 2-channel CNN on an AMD EPYC (before the rule) passed 3 times
            // in 8; with 6, 10 in 10. A right model pays 4 more passes over one batch, once per training.
            for (var round = 0; round < 6 && worst <= Tolerance; round++)
            {
                PoisonFreedMemory();
                var candidate = Pass(model, inputs, lengths);
                worst = Math.Max(worst, WorstError(reference, candidate));
                DisposeAll(candidate);
            }
            DisposeAll(reference);
            var agrees = worst <= Tolerance;
            OneDnn.TrySet(agrees);
            return agrees
                ? new OneDnnDecision(true, "on (its outputs and gradients matched libtorch's own kernels on the first batch)")
                : new OneDnnDecision(
                    false,
                    $"off (on the first batch its outputs or gradients differed from libtorch's own kernels by {(double.IsFinite(worst) ? worst.ToString("G2", System.Globalization.CultureInfo.InvariantCulture) : "NaN")} relative)"
                );
        }
        finally
        {
            model.zero_grad();
            foreach (var parameter in model.parameters())
                parameter.grad = null;
            if (wasTraining)
                model.train();
        }
    }

    /// <summary>
    /// The output channel count of the first convolution whose input gradient oneDNN gets wrong (<see cref="OneDnn"/>),
    /// or null. Transposed convolutions are left to the comparison: their backward pass was not measured.
    /// </summary>
    private static long? KnownWrongOutputChannels(ReproModel model) =>
        model
            .modules()
            .OfType<Convolution>()
            .Where(c => !c.transposed && c.out_channels % OutputChannelBlock != 0)
            .Select(c => (long?)c.out_channels)
            .FirstOrDefault();

    /// <summary>The outputs, then every parameter's gradient, of a fixed random weighting of the outputs.</summary>
    private static List<Tensor> Pass(ReproModel model, Tensor inputs, Tensor? lengths)
    {
        model.zero_grad();
        using var scope = NewDisposeScope();
        var outputs = model.Forward(inputs, lengths);
        using var generator = new Generator(20261204);
        var weights = randn(outputs.shape, generator: generator).to(outputs.device);
        PoisonFreedMemory();
        (outputs * weights).sum().backward();
        var result = new List<Tensor> { outputs.detach().clone().MoveToOuterDisposeScope() };
        foreach (var parameter in model.parameters())
            if (parameter.grad is { } grad)
                result.Add(grad.clone().MoveToOuterDisposeScope());
        return result;
    }

    private static double WorstError(List<Tensor> reference, List<Tensor> candidate)
    {
        if (reference.Count != candidate.Count)
            return double.PositiveInfinity;
        var worst = 0.0;
        for (var i = 0; i < reference.Count; i++)
        {
            using var scope = NewDisposeScope();
            var scale = Math.Max(reference[i].abs().max().item<float>(), 1e-12);
            var error = (candidate[i] - reference[i]).abs().max().item<float>() / scale;
            if (!double.IsFinite(error))
                return double.PositiveInfinity;
            worst = Math.Max(worst, error);
        }
        return worst;
    }

    /// <summary>Allocates blocks of common sizes filled with NaN and frees them, so memory handed out next holds NaN.</summary>
    internal static void PoisonFreedMemory()
    {
        foreach (var size in new long[] { 64, 123, 1 << 10, 4096, 7777, 1 << 14, 1 << 18, 1 << 20, 1 << 22 })
            full([size], float.NaN).Dispose();
    }

    private static void DisposeAll(List<Tensor> tensors)
    {
        foreach (var tensor in tensors)
            tensor.Dispose();
    }
}

/// <summary>What <see cref="OneDnnCheck"/> decided.</summary>
/// <param name="Enabled">Whether oneDNN's kernels are on for the training that follows.</param>
/// <param name="Description">The decision and why, as the log and the run record show it.</param>
public sealed record OneDnnDecision(bool Enabled, string Description);
