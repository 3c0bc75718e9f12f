using System.CommandLine;
using Repro.Core.Graph;
using Repro.Core.Pipeline;
using Repro.Core.Steps;

namespace Repro.Tool.Commands;

/// <summary><c>repro dag [--mermaid]</c>: the stage graph, as text or as a Mermaid flowchart.</summary>
public static class DagCommand
{
    public static Command Create(ToolContext context, Func<StepCatalog> steps)
    {
        var mermaid = new Option<bool>("--mermaid") { Description = "Print a Mermaid flowchart." };
        var command = new Command("dag", "Print the stage graph.") { mermaid };
        command.SetAction(parse =>
        {
            var project = ProjectLocator.Find(context.WorkingDirPath);
            var pipeline = PipelineLoader.Load(project, new PipelineLoadOptions { Steps = steps() });
            var graph = new StageGraph(pipeline);
            context.Out.Write(parse.GetValue(mermaid) ? DagRenderer.Mermaid(graph) : DagRenderer.Text(graph));
            return 0;
        });
        return command;
    }
}
