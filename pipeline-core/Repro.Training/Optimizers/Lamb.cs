using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Training.Optimizers;

/// <summary>
/// LAMB: Adam moments with a layer-wise trust ratio. You et al. 2019, "Large Batch Optimization for Deep Learning:
/// Training BERT in 76 minutes" (arXiv:1904.00962), Algorithm 2, with bias correction as in the paper's experiments and
/// the identity scaling function φ; the trust ratio is 1 when either norm is zero, as in the authors' reference code.
/// </summary>
public sealed class Lamb(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
    : ManualOptimizer(parameters, lr)
{
    protected override Tensor[] CreateState(Parameter parameter) => [zeros_like(parameter), zeros_like(parameter)];

    protected override void Update(Parameter parameter, Tensor grad, long step, Tensor[] state, double lr)
    {
        var (m, v) = (state[0], state[1]);
        m.mul_(beta1).add_(grad, alpha: 1 - beta1);
        v.mul_(beta2).addcmul_(grad, grad, value: 1 - beta2);
        var mHat = m / (1 - Math.Pow(beta1, step));
        var vHat = v / (1 - Math.Pow(beta2, step));
        var update = mHat / (vHat.sqrt() + eps);
        if (weightDecay != 0)
            update = update.add(parameter, alpha: weightDecay);
        var weightNorm = parameter.norm().item<double>();
        var updateNorm = update.norm().item<double>();
        var trust = weightNorm > 0 && updateNorm > 0 ? weightNorm / updateNorm : 1.0;
        parameter.add_(update, alpha: -lr * trust);
    }
}
