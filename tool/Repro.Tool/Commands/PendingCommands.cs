using System.CommandLine;
using Repro.Core;

namespace Repro.Tool.Commands;

/// <summary>
/// Verbs of DESIGN.md §5 whose implementation has not landed yet. Each has its real options so that
/// <c>--help</c> documents it, and running it says plainly that it is not there yet and exits 2.
/// </summary>
public static class PendingCommands
{
    public static Command Init() => Pending("init", "Start a pipeline in this directory.", 4);

    public static Command Run() =>
        Pending(
            "run",
            "Run the pipeline's stages in dependency order, restoring what is cached.",
            4,
            new Argument<string[]>("stages")
            {
                Description = "Stages to run (with what they need); all when omitted.",
                Arity = ArgumentArity.ZeroOrMore,
            },
            new Option<string>("--name") { Description = "Name of the experiment this run records." },
            new Option<string[]>("--set") { Description = "Override a parameter: --set train.lr=0.01 (repeatable)." },
            new Option<bool>("--force") { Description = "Run every selected stage even when cached." },
            new Option<bool>("--dry-run") { Description = "Say what would run and why; run nothing." },
            new Option<int>("--jobs", "-j") { Description = "Independent stages to run at once." },
            GlobalOptions.Json()
        );

    public static Command Status() => Pending("status", "Say per stage what is stale and why.", 4, GlobalOptions.Json());

    public static Command Dag() =>
        Pending("dag", "Print the stage graph.", 4, new Option<bool>("--mermaid") { Description = "Print a Mermaid flowchart." });

    public static Command Verify() =>
        Pending(
            "verify",
            "Re-run from scratch and compare with repro.lock within tolerances (for CI).",
            5,
            GlobalOptions.Json(),
            new Option<bool>("--md") { Description = "Markdown report." }
        );

    public static Command Plots() =>
        Pending(
            "plots",
            "Write a self-contained HTML report: curves, metrics, search history.",
            10,
            new Argument<string[]>("experiments") { Arity = ArgumentArity.ZeroOrMore },
            new Option<string>("--output", "-o") { Description = "Report file." },
            new Option<bool>("--open") { Description = "Open it in a browser." }
        );

    public static Command Search()
    {
        var search = new Command("search", "Inspect hyperparameter studies.");
        search.Subcommands.Add(
            Pending(
                "show",
                "Best trial, history and importances of a study.",
                7,
                new Argument<string>("stage") { Arity = ArgumentArity.ZeroOrOne }
            )
        );
        return search;
    }

    public static Command Push() => Pending("push", "Send cache objects to a remote.", 9, new Option<string>("--remote", "-r"));

    public static Command Pull() => Pending("pull", "Fetch cache objects from a remote.", 9, new Option<string>("--remote", "-r"));

    private static Command Pending(string name, string description, int issue, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }
        command.SetAction(
            int (_) =>
                throw new ReproException(
                    $"'repro {name}' is not available in this version yet",
                    $"it is being built under issue #{issue}; 'dotnet repro --help' lists what works"
                )
        );
        return command;
    }
}
