using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Training.Optimizers;

/// <summary>
/// Rectified Adam: Liu et al. 2019, "On the Variance of the Adaptive Learning Rate and Beyond" (arXiv:1908.03265),
/// Algorithm 2, with L2 weight decay added to the gradient as in PyTorch's <c>RAdam</c>. Written here because
/// TorchSharp 0.107's RAdam multiplies the rectified step by the learning rate twice.
/// </summary>
public sealed class RAdam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
    : ManualOptimizer(parameters, lr)
{
    protected override Tensor[] CreateState(Parameter parameter) => [zeros_like(parameter), zeros_like(parameter)];

    protected override void Update(Parameter parameter, Tensor grad, long step, Tensor[] state, double lr)
    {
        var (m, v) = (state[0], state[1]);
        if (weightDecay != 0)
            grad = grad.add(parameter, alpha: weightDecay);
        m.mul_(beta1).add_(grad, alpha: 1 - beta1);
        v.mul_(beta2).addcmul_(grad, grad, value: 1 - beta2);
        var correction1 = 1 - Math.Pow(beta1, step);
        var correction2 = 1 - Math.Pow(beta2, step);
        var rhoInf = 2 / (1 - beta2) - 1;
        var rho = rhoInf - 2 * step * Math.Pow(beta2, step) / correction2;
        if (rho > 5)
        {
            var rectification = Math.Sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
            var adaptive = v.sqrt().div_(Math.Sqrt(correction2)).add_(eps);
            parameter.addcdiv_(m, adaptive, value: -lr * rectification / correction1);
        }
        else
        {
            parameter.add_(m, alpha: -lr / correction1);
        }
    }
}
