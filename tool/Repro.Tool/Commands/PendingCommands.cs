using System.CommandLine;
using Repro.Core;

namespace Repro.Tool.Commands;

/// <summary>
/// Verbs of DESIGN.md §5 whose implementation has not landed yet. Each has its real options so that
/// <c>--help</c> documents it, and running it says plainly that it is not there yet and exits 2.
/// </summary>
public static class PendingCommands
{
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
