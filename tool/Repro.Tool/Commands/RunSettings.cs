using System.CommandLine;

namespace Repro.Tool.Commands;

/// <summary>The arguments of <c>repro run</c>, parsed.</summary>
public sealed record RunSettings(
    IReadOnlyList<string> Stages,
    string? Name,
    IReadOnlyList<string> Set,
    bool Force,
    bool DryRun,
    int Jobs,
    bool Json,
    bool Verbose,
    bool Pull = false,
    string? Remote = null
)
{
    /// <summary>The arguments and options of one <c>run</c> command (a fresh set per command tree).</summary>
    public sealed class Symbols
    {
        public Argument<string[]> Stages { get; } =
            new("stages") { Description = "Stages to run (with what they need); all when omitted.", Arity = ArgumentArity.ZeroOrMore };

        public Option<string> Name { get; } = new("--name") { Description = "Name of the experiment this run records." };

        public Option<string[]> Set { get; } =
            new("--set") { Description = "Override a parameter: --set train.lr=0.01 (repeatable; typed as YAML: numbers stay numbers)." };

        public Option<bool> Force { get; } = new("--force") { Description = "Run every selected stage even when cached." };

        public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Say what would run and why; run nothing." };

        public Option<int> Jobs { get; } =
            new("--jobs", "-j") { Description = "Independent stages to run at once.", DefaultValueFactory = _ => 1 };

        public Option<bool> Json { get; } = GlobalOptions.Json();

        public Option<bool> Pull { get; } =
            new("--pull") { Description = "First fetch from the remote what the selected stages need, so cached results restore." };

        public Option<string> Remote { get; } =
            new("--remote", "-r") { Description = "The remote --pull uses; the default one when omitted." };

        public void AddTo(Command command)
        {
            ArgumentNullException.ThrowIfNull(command);
            command.Arguments.Add(Stages);
            foreach (var option in new Option[] { Name, Set, Force, DryRun, Jobs, Json, Pull, Remote })
                command.Options.Add(option);
        }

        public RunSettings Read(ParseResult parse)
        {
            ArgumentNullException.ThrowIfNull(parse);
            return new RunSettings(
                parse.GetValue(Stages) ?? [],
                parse.GetValue(Name),
                parse.GetValue(Set) ?? [],
                parse.GetValue(Force),
                parse.GetValue(DryRun),
                parse.GetValue(Jobs),
                parse.GetValue(Json),
                parse.GetValue(GlobalOptions.Verbose),
                parse.GetValue(Pull),
                parse.GetValue(Remote)
            );
        }
    }
}
