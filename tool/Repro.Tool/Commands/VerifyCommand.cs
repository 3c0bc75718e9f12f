using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Execution;
using Repro.Core.Lock;
using Repro.Core.Pipeline;
using Repro.Core.Steps;
using Repro.Core.Verify;
using Repro.Tool.Rendering;

namespace Repro.Tool.Commands;

/// <summary>
/// <c>repro verify</c>: re-runs the whole pipeline from scratch in a copy of the project (the workspace and its cache are
/// not touched) and compares out hashes and metrics with the committed repro.lock. Exit 0 all match, 1 drift, 2 bad input.
/// </summary>
public static class VerifyCommand
{
    public static Command Create(ToolContext context, Func<StepCatalog> steps)
    {
        var json = GlobalOptions.Json();
        var markdown = new Option<bool>("--md") { Description = "Markdown report (for a CI job summary or a pull request)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the scratch copy the pipeline was re-run in." };
        var command = new Command("verify", "Re-run from scratch and compare with repro.lock within tolerances (for CI).")
        {
            json,
            markdown,
            keep,
        };
        command.SetAction(
            (parse, cancellationToken) =>
                VerifyAsync(context, steps(), parse.GetValue(json), parse.GetValue(markdown), parse.GetValue(keep), cancellationToken)
        );
        return command;
    }

    private static async Task<int> VerifyAsync(
        ToolContext context,
        StepCatalog steps,
        bool json,
        bool markdown,
        bool keep,
        CancellationToken ct
    )
    {
        if (json && markdown)
            throw new ReproException("--json and --md cannot be used together", "pick one output format");
        var project = ProjectLocator.Find(context.WorkingDirPath);
        var lockPath = Path.Combine(project, LockFile.FileName);
        if (!File.Exists(lockPath))
            throw new ReproException(
                $"there is no {LockFile.FileName} in {project}",
                "run 'dotnet repro run' and commit the repro.lock it writes"
            );
        var expected = LockFileSerializer.Read(await File.ReadAllTextAsync(lockPath, ct), LockFile.FileName);
        // Loading here reports pipeline errors before anything is copied or run.
        PipelineLoader.Load(project, new PipelineLoadOptions { Steps = steps });

        var scratch = ScratchCopy.Create(project);
        try
        {
            var pipeline = PipelineLoader.Load(scratch, new PipelineLoadOptions { Steps = steps });
            var progress = json ? TextWriter.Null : context.Error;
            await progress.WriteLineAsync($"verify: re-running every stage in {scratch}");
            RunResult result;
            await using (
                var services = RunnerServices.Open(
                    scratch,
                    new CommandExecutor(SelfCommand.Resolve()),
                    NullRunObserver.Instance,
                    steps,
                    context.Time,
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["tool"] = ToolVersion.Current },
                    RunCommand.SearchExecutorFor
                )
            )
            {
                result = await new Runner(pipeline, services).RunAsync(
                    new RunOptions
                    {
                        Force = true,
                        Name = "verify",
                        CommandLine = "repro verify",
                    },
                    ct
                );
            }
            if (!result.Succeeded)
            {
                foreach (var failed in result.Stages.Where(s => !s.Succeeded))
                    await context.Error.WriteLineAsync(
                        $"verify: stage '{failed.Name}' {failed.Status.ToString().ToLowerInvariant()}: {failed.Reason}"
                    );
                await context.Error.WriteLineAsync($"verify: logs are in {Path.Combine(scratch, ".repro", "runs", result.RunId)}");
                keep = true;
                return ExitCodes.Failure;
            }
            var comparison = VerifyComparison.Compare(expected, LockBuilder.Build(pipeline, result), LockBuilder.Tolerances(pipeline));
            if (json)
                JsonOutput.Write(context.Out, ToJson(comparison));
            else
                context.Out.Write(markdown ? ToMarkdown(comparison) : ToText(comparison));
            return comparison.Passed ? ExitCodes.Success : ExitCodes.Failure;
        }
        finally
        {
            if (keep)
                await context.Error.WriteLineAsync($"verify: scratch copy kept at {scratch}");
            else
                ScratchCopy.Delete(scratch);
        }
    }

    private static JsonObject ToJson(VerifyComparison comparison) =>
        new()
        {
            ["passed"] = comparison.Passed,
            ["checks"] = new JsonArray([
                .. comparison.Checks.Select(c =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["stage"] = c.Stage,
                            ["kind"] = c.Kind,
                            ["path"] = c.Path,
                            ["expected"] = c.Expected,
                            ["actual"] = c.Actual,
                            ["tolerance"] = c.Tolerance,
                            ["outcome"] = c.Outcome.ToString().ToLowerInvariant(),
                        }
                ),
            ]),
        };

    private static string ToText(VerifyComparison comparison)
    {
        string[] header = ["stage", "kind", "path", "expected", "actual", "tolerance", "result"];
        var rows = comparison.Checks.Select(Row).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
            text.Append(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).Append('\n');
        var drifted = comparison.Failures.Count();
        text.Append(
            comparison.Passed
                ? $"\nverified: all {comparison.Checks.Count} checks match repro.lock\n"
                : $"\nDRIFT: {drifted} of {comparison.Checks.Count} checks differ from repro.lock\n"
        );
        return text.ToString();
    }

    private static string ToMarkdown(VerifyComparison comparison)
    {
        var md = new StringBuilder();
        md.Append(comparison.Passed ? "### ✅ repro verify: results reproduced\n\n" : "### ❌ repro verify: results drifted\n\n");
        md.Append("| stage | kind | path | expected | actual | tolerance | result |\n|---|---|---|---|---|---|---|\n");
        foreach (var row in comparison.Checks.Select(Row))
            md.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
        return md.ToString();
    }

    private static string[] Row(VerifyCheck c) =>
        [
            c.Stage,
            c.Kind,
            c.Path,
            Short(c.Expected, c.Kind),
            Short(c.Actual, c.Kind),
            c.Tolerance?.ToString(CultureInfo.InvariantCulture) ?? "exact",
            c.Outcome.ToString().ToLowerInvariant(),
        ];

    private static string Short(string? value, string kind) =>
        value is null ? "—"
        : kind == "metric" || value.Length <= 12 ? value
        : value[..12];
}
