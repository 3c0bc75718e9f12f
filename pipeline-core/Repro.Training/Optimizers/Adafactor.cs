using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Training.Optimizers;

/// <summary>
/// Adafactor with an explicit learning rate: Shazeer and Stern 2018, "Adafactor: Adaptive Learning Rates with
/// Sublinear Memory Cost" (arXiv:1804.04235), Algorithms 4 and 5 with update clipping (section 6) and the increasing
/// decay β₂ₜ = 1 − t^decay (section 7.2), in the form of PyTorch 2.5's <c>torch.optim.Adafactor</c>: relative step
/// size ρₜ = min(lr, 1/√t), scaled by max(ε₂, RMS(parameter)); decoupled weight decay. Parameters with two or more
/// dimensions keep factored second moments (a row and a column vector) instead of a full matrix.
/// </summary>
public sealed class Adafactor(
    IEnumerable<Parameter> parameters,
    double lr,
    double decay,
    double eps1,
    double eps2,
    double clipThreshold,
    double weightDecay
) : ManualOptimizer(parameters, lr)
{
    protected override Tensor[] CreateState(Parameter parameter)
    {
        if (parameter.dim() < 2)
            return [zeros_like(parameter)];
        var rowShape = parameter.shape.ToArray();
        rowShape[^1] = 1;
        var colShape = parameter.shape.ToArray();
        colShape[^2] = 1;
        return [zeros(rowShape, parameter.dtype, parameter.device), zeros(colShape, parameter.dtype, parameter.device)];
    }

    protected override void Update(Parameter parameter, Tensor grad, long step, Tensor[] state, double lr)
    {
        var beta2 = 1 - Math.Pow(step, decay);
        var rho = Math.Min(lr, 1 / Math.Sqrt(step));
        var rms = parameter.norm().item<double>() / Math.Sqrt(parameter.numel());
        var alpha = Math.Max(eps2, rms) * rho;
        if (weightDecay != 0)
            parameter.mul_(1 - lr * weightDecay);
        var squared = grad.square();
        Tensor variance;
        if (state.Length == 2)
        {
            var (row, col) = (state[0], state[1]);
            row.lerp_(squared.mean([-1], keepdim: true), 1 - beta2);
            col.lerp_(squared.mean([-2], keepdim: true), 1 - beta2);
            // V ≈ R C / (1ᵀR): the rank-1 reconstruction of Algorithm 4.
            variance = row.matmul(col) / row.mean([-2], keepdim: true);
        }
        else
        {
            state[0].lerp_(squared, 1 - beta2);
            variance = state[0];
        }
        var update = variance.clamp_min(eps1 * eps1).rsqrt().mul_(grad);
        var denominator = Math.Max(1.0, update.norm().item<double>() / (Math.Sqrt(update.numel()) * clipThreshold));
        parameter.add_(update, alpha: -alpha / denominator);
    }
}
