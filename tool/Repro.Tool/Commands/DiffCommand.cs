using System.CommandLine;
using Repro.Core;
using Repro.Core.Diff;
using Repro.Core.Experiments;
using Repro.Tool.Rendering;

namespace Repro.Tool.Commands;

/// <summary><c>repro diff A B</c>: params, metrics with deltas, seeds, environment and fingerprints of two experiments.</summary>
public static class DiffCommand
{
    public static Command Create(ToolContext context)
    {
        var a = new Argument<string>("a") { Description = "Name, id prefix, 'last' or 'lock'." };
        var b = new Argument<string>("b") { Description = "Name, id prefix, 'last' or 'lock'." };
        var json = GlobalOptions.Json();
        var markdown = new Option<bool>("--md") { Description = "Markdown tables for a pull-request comment." };
        var all = new Option<bool>("--all") { Description = "Show unchanged entries too." };
        var command = new Command("diff", "Compare two experiments: params, metrics with deltas, seeds, environment, fingerprints.")
        {
            a,
            b,
            json,
            markdown,
            all,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(json) && parse.GetValue(markdown))
                throw new ReproException("--json and --md cannot be used together", "pick one output format");
            using var project = ProjectContext.Locate(context.WorkingDirPath);
            var resolver = new ExperimentResolver(project.Store, project.ProjectDirPath);
            var diff = ExperimentDiff.Compare(
                resolver.Resolve(parse.GetValue(a)!),
                resolver.Resolve(parse.GetValue(b)!),
                parse.GetValue(all)
            );
            if (parse.GetValue(json))
                JsonOutput.Write(context.Out, DiffRendering.ToJson(diff));
            else if (parse.GetValue(markdown))
                context.Out.Write(DiffRendering.ToMarkdown(diff));
            else
                context.Out.Write(DiffRendering.ToText(diff));
            return ExitCodes.Success;
        });
        return command;
    }
}
