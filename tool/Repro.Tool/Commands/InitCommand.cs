using System.CommandLine;
using Repro.Core;
using Repro.Core.Pipeline;

namespace Repro.Tool.Commands;

/// <summary><c>repro init</c>: a commented starter pipeline.yaml and params.yaml that run as they are; never overwrites.</summary>
public static class InitCommand
{
    public const string StarterParams = """
        # Parameters. Stages read them as ${name} (see pipeline.yaml); override one run with
        #   dotnet repro run --set train.scale=3
        # and only the stages that read train.scale run again.
        data:
          rows: 100
        train:
          scale: 2

        """;

    public const string StarterPipeline = """
        # A Repro pipeline: stages run in dependency order (outs of one are deps of another). A stage whose command,
        # params, deps and seed did not change is not run again: its outputs are restored from the cache (.repro/).
        #   dotnet repro run             run what is stale        dotnet repro status   what is stale, and why
        #   dotnet repro dag             the stage graph          dotnet repro exp list past runs, params and metrics
        seed: 42                # every stage derives its own seed from this one (env REPRO_SEED)
        params: params.yaml     # parameter file(s); ${data.rows} below reads data.rows

        stages:
          prepare:
            # 'run' is a command split into arguments without a shell; write sh -c '...' when you want one.
            run: sh -c 'mkdir -p data && seq 1 ${data.rows} > data/numbers.txt'
            outs: [data/numbers.txt]

          train:
            # Built-in TorchSharp steps use 'uses:' and 'with:' instead of 'run:' (for example uses: train).
            run: sh -c 'mkdir -p metrics && awk -v scale=${train.scale} "{ t += \$1 * scale } END { print \"{\\\"total\\\":\" t \"}\" }" data/numbers.txt > metrics/train.json'
            deps: [data/numbers.txt]
            metrics: [metrics/train.json]   # JSON or YAML; numbers here are the run's metrics

        """;

    public static Command Create(ToolContext context)
    {
        var command = new Command("init", "Start a pipeline in this directory.");
        command.SetAction(_ =>
        {
            var pipelinePath = Path.Combine(context.WorkingDirPath, BuiltinNames.PipelineFileName);
            var paramsPath = Path.Combine(context.WorkingDirPath, "params.yaml");
            var existing = new[] { pipelinePath, paramsPath }.Where(File.Exists).ToList();
            if (existing.Count > 0)
                throw new ReproException([.. existing.Select(p => PipelineErrors.InitWouldOverwrite(Path.GetFileName(p)))]);
            File.WriteAllText(paramsPath, StarterParams);
            File.WriteAllText(pipelinePath, StarterPipeline);
            context.Out.WriteLine("Wrote pipeline.yaml and params.yaml. Next: dotnet repro run");
            return 0;
        });
        return command;
    }
}
