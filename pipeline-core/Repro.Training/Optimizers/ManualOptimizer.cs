using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Training.Optimizers;

/// <summary>
/// Base of the optimizers Repro writes itself (TorchSharp ships none of them, or one with a defect): one parameter
/// group, a step count and a fixed list of state tensors per parameter, saved and loaded through TorchSharp's own
/// <c>save_state_dict</c>/<c>load_state_dict</c> so checkpoints treat every optimizer alike.
/// </summary>
public abstract class ManualOptimizer : OptimizerHelper
{
    protected ManualOptimizer(IEnumerable<Parameter> parameters, double lr)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lr);
        _defaults = new OptimizerOptions { LearningRate = lr, InitialLearningRate = lr };
        _parameter_groups = [];
        add_param_group(new ParamGroup { Parameters = parameters.ToList() });
    }

    /// <inheritdoc />
    public override void add_param_group(ParamGroup param_group)
    {
        ArgumentNullException.ThrowIfNull(param_group);
        param_group.Options ??= new OptimizerOptions();
        param_group.Options.LearningRate ??= _defaults.LearningRate;
        param_group.Options.InitialLearningRate = param_group.Options.LearningRate!.Value;
        _parameter_groups.Add(param_group);
        foreach (var parameter in param_group.Parameters)
        {
            var state = new ManualState(parameter, CreateState);
            _state[parameter.Handle] = state;
            state.Initialize(param_group.Options);
        }
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) =>
        _step<ParamGroup>(
            group =>
            {
                var lr = group.Options.LearningRate!.Value;
                foreach (var parameter in group.Parameters)
                {
                    if (parameter.grad is not { } grad)
                        continue;
                    var state = (ManualState)_state[parameter.Handle];
                    state.Step += 1;
                    Update(parameter, grad, state.Step, state.Tensors, lr);
                }
            },
            closure
        );

    /// <summary>The state tensors of a new parameter, all zeros of the shapes this optimizer keeps.</summary>
    protected abstract Tensor[] CreateState(Parameter parameter);

    /// <summary>Updates <paramref name="parameter"/> in place (inside no_grad and a dispose scope); <paramref name="step"/> counts from 1.</summary>
    protected abstract void Update(Parameter parameter, Tensor grad, long step, Tensor[] state, double lr);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            foreach (var (_, state) in _state)
                ((ManualState)state).Dispose();
        }
    }

    private sealed class ManualState(Parameter parameter, Func<Parameter, Tensor[]> create) : OptimizerState(parameter), IDisposable
    {
        public long Step { get; set; }

        public Tensor[] Tensors { get; private set; } = [];

        public override void Initialize(OptimizerOptions options)
        {
            Dispose();
            Step = 0;
            using var noGrad = no_grad();
            Tensors = [.. create(_parameter).Select(t => t.DetachFromDisposeScope())];
        }

        public override void SaveStateDict(BinaryWriter writer)
        {
            writer.Write(Step);
            foreach (var tensor in Tensors)
                tensor.Save(writer);
        }

        public override void LoadStateDict(BinaryReader reader)
        {
            Step = reader.ReadInt64();
            foreach (var tensor in Tensors)
                tensor.Load(reader);
        }

        public override void LoadStateDict(OptimizerState source)
        {
            var other = (ManualState)source;
            Step = other.Step;
            for (var i = 0; i < Tensors.Length; i++)
                Tensors[i].copy_(other.Tensors[i]);
        }

        public override void to(Device device)
        {
            Tensors = [.. Tensors.Select(t => t.to(device))];
        }

        public void Dispose()
        {
            foreach (var tensor in Tensors)
                tensor.Dispose();
            Tensors = [];
        }
    }
}
