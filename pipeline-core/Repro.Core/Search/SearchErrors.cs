using Repro.Core.Search.SearchSpace;
using Repro.Core.Steps;

namespace Repro.Core.Search;

/// <summary>Every sentence a user reads about a search stage's options (outside the space), in one place.</summary>
public static class SearchErrors
{
    public static Diagnostic GridNeedsPoints(SourceLocation? at, string name, Distribution distribution) =>
        new(
            at,
            $"the grid sampler cannot enumerate '{name}' ({distribution}): it is continuous",
            "give the sampler a number of points per continuous parameter, sampler: {type: grid, grid_points: 5}, or write the parameter as choice(...)"
        );

    public static Diagnostic BadOption(SourceLocation? at, string option, string expected) => new(at, $"'{option}' must be {expected}");

    public static Diagnostic UnknownSampler(SourceLocation? at, string name) =>
        new(
            at,
            $"unknown sampler '{name}'",
            SpaceErrors.Closest(name, ["grid", "random", "tpe"]) is { } c ? $"did you mean '{c}'?" : "use grid, random or tpe"
        );

    public static Diagnostic UnknownPruner(SourceLocation? at, string name) =>
        new(
            at,
            $"unknown pruner '{name}'",
            SpaceErrors.Closest(name, ["none", "median", "asha", "hyperband"]) is { } c
                ? $"did you mean '{c}'?"
                : "use none, median, asha or hyperband"
        );

    public static Diagnostic UnknownOption(SourceLocation? at, string owner, string option, IEnumerable<string> known) =>
        new(
            at,
            $"{owner} has no option '{option}'",
            SpaceErrors.Closest(option, known) is { } c ? $"did you mean '{c}'?" : $"known options: {string.Join(", ", known)}"
        );

    public static Diagnostic StudyMismatch(string study, string what, string stored, string given) =>
        new(
            null,
            $"study '{study}' was created with {what} {stored}, not {given}",
            "a study keeps its direction and seed: give the search another name, or drop the old study ('dotnet repro search rm')"
        );

    /// <summary>A study name that the store does not hold; the hint names the closest ones, else every one.</summary>
    public static Diagnostic UnknownStudy(string name, IReadOnlyCollection<string> known) =>
        new(
            null,
            $"no study named '{name}'",
            ClosestName.FindAll(name, known, max: 3) is { Count: > 0 } close
                    ? $"did you mean {string.Join(", ", close.Select(n => $"'{n}'"))}?"
                : known.Count > 0 ? $"studies: {string.Join(", ", known)}"
                : "there is no study yet: a search stage makes one when it runs ('dotnet repro run STAGE')"
        );

    public static Diagnostic MissingOption(SourceLocation? at, string stage, string option, string expected) =>
        new(at, $"search stage '{stage}' needs '{option}'", $"give {expected}");

    public static Diagnostic UnknownTarget(SourceLocation? at, string name, IEnumerable<string> known) =>
        new(
            at,
            $"the search names stage '{name}', which the pipeline does not have",
            SpaceErrors.Closest(name, known) is { } c ? $"did you mean '{c}'?" : $"stages: {string.Join(", ", known)}"
        );

    public static Diagnostic TargetIsSearch(SourceLocation? at, string name) =>
        new(at, $"the search names stage '{name}', which is a search itself", "name the stage whose params are searched, such as train");

    public static Diagnostic ObjectiveNotDownstream(SourceLocation? at, string objectiveStage, string target) =>
        new(
            at,
            $"objective stage '{objectiveStage}' does not depend on '{target}', so a trial's params cannot change its metrics",
            $"name '{target}' or a stage that reads its outputs"
        );

    public static Diagnostic NoOutDir(SourceLocation? at, string stage) =>
        new(
            at,
            $"search stage '{stage}' declares no folder for its results",
            "declare where best.yaml, trials.csv and trials.json go: outs: [search/] or outs: [search/best.yaml]"
        );
}
