using System.CommandLine;
using Repro.Core;
using Repro.Tool.Commands;

namespace Repro.Tool;

/// <summary>Builds the command tree (DESIGN.md §5) and runs it, mapping outcomes to exit codes.</summary>
public static class ReproCli
{
    /// <summary>Parses <paramref name="args"/>, runs the command, returns the exit code. Never throws for user mistakes.</summary>
    public static async Task<int> RunAsync(string[] args, ToolContext context, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                await context.Error.WriteLineAsync($"error: {error.Message}");
            await context.Error.WriteLineAsync("hint: run 'dotnet repro --help' for the verbs and their options.");
            return ExitCodes.InvalidInput;
        }
        try
        {
            return await parse.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = context.Out,
                    Error = context.Error,
                    EnableDefaultExceptionHandler = false,
                },
                cancellationToken
            );
        }
        catch (ReproException ex)
        {
            // stderr: with --json, stdout stays one document.
            foreach (var diagnostic in ex.Diagnostics)
                await context.Error.WriteLineAsync(diagnostic.ToString());
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("interrupted");
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            // Anything else is a bug: print it whole so it can be reported.
            await context.Error.WriteLineAsync($"internal error (please report it): {ex}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>The root command with every verb.</summary>
    public static RootCommand BuildRoot(ToolContext context)
    {
        var root = new RootCommand("Reproducible machine-learning pipelines for .NET: stages, cache, experiments, search.");
        root.Options.Add(GlobalOptions.Verbose);
        foreach (var command in Verbs(context))
            root.Subcommands.Add(command);
        // The built-in --version prints the entry assembly's version, which is the test host's in tests.
        var builtInVersion = root.Options.OfType<VersionOption>().Single();
        root.Options.Remove(builtInVersion);
        var version = new Option<bool>("--version") { Description = "Print the tool's version." };
        root.Options.Add(version);
        root.SetAction(parse =>
        {
            if (parse.GetValue(version))
            {
                context.Out.WriteLine(ToolVersion.Current);
                return ExitCodes.Success;
            }
            root.Parse("--help").Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error });
            return ExitCodes.InvalidInput;
        });
        return root;
    }

    // The built-in steps' catalogue: what 'uses:' may name and where implementation versions come from.
    private static Repro.Core.Steps.StepCatalog Catalog() => global::Repro.Tool.Steps.BuiltinSteps.Create();

    private static IEnumerable<Command> Verbs(ToolContext context)
    {
        yield return InitCommand.Create(context);
        yield return RunCommand.Create(context, Catalog);
        yield return StatusCommand.Create(context, Catalog);
        yield return DagCommand.Create(context, Catalog);
        yield return ExpCommand.Create(context);
        yield return DiffCommand.Create(context);
        yield return VerifyCommand.Create(context, Catalog);
        yield return DoctorCommand.Create(context);
        yield return PlotsCommand.Create(context);
        yield return SearchCommand.Create(context);
        yield return PushPullCommands.Push(context, Catalog);
        yield return PushPullCommands.Pull(context, Catalog);
        yield return GcCommand.Create(context);
        yield return ExecStepCommand.Create(context);
    }
}
