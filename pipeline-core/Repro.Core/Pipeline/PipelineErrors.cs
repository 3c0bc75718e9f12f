namespace Repro.Core.Pipeline;

/// <summary>
/// Every sentence a user can read about a pipeline file, its parameters or the stages named on the command line.
/// One catalogue so that wording stays consistent and tests compare each message whole.
/// </summary>
public static class PipelineErrors
{
    private const string PathRule = "paths are relative to the folder of pipeline.yaml and stay inside it";

    public static Diagnostic PipelineNotFound(string startDirPath) =>
        new(null, $"no pipeline.yaml in '{startDirPath}' or any folder above it", "run 'dotnet repro init' to start one here");

    public static Diagnostic MalformedYaml(SourceLocation at, string detail) => new(at, $"this is not valid YAML: {detail}");

    public static Diagnostic FileNotFound(SourceLocation? at, string path, string what) => new(at, $"{what} '{path}' does not exist");

    public static Diagnostic ExpectedMapping(SourceLocation at, string what, string found) =>
        new(at, $"expected a mapping (key: value) for {what}, found {found}");

    public static Diagnostic ExpectedList(SourceLocation at, string what, string found) =>
        new(at, $"expected a list or a single value for {what}, found {found}");

    public static Diagnostic ExpectedString(SourceLocation at, string what, string found) =>
        new(at, $"expected text for {what}, found {found}");

    public static Diagnostic ExpectedInteger(SourceLocation at, string what, string found) =>
        new(at, $"expected an integer for {what}, found {found}");

    public static Diagnostic ExpectedNumber(SourceLocation at, string what, string found) =>
        new(at, $"expected a number for {what}, found {found}");

    public static Diagnostic UnknownKey(SourceLocation at, string key, string where, IReadOnlyList<string> known) =>
        new(
            at,
            $"unknown key '{key}' in {where}",
            Suggestions.Closest(key, known) is { } closest ? $"did you mean '{closest}'?" : $"expected one of: {string.Join(", ", known)}"
        );

    public static Diagnostic NotSupportedYet(SourceLocation at, string key) =>
        new(at, $"'{key}' is not supported in this version yet", "remove it; this version runs everything locally with the embedded store");

    public static Diagnostic NoStages(SourceLocation at) =>
        new(at, "the pipeline has no stages", "add 'stages:' with at least one stage that has 'run:' or 'uses:'");

    public static Diagnostic InvalidStageName(SourceLocation at, string name) =>
        new(at, $"stage name '{name}' may only contain letters, digits, '_', '-' and '.'");

    public static Diagnostic DuplicateStage(SourceLocation at, string name) => new(at, $"stage '{name}' is defined twice");

    public static Diagnostic RunAndUses(SourceLocation at, string stage) =>
        new(
            at,
            $"stage '{stage}' has both 'run' and 'uses'",
            "a stage runs either a command ('run') or a built-in step ('uses'), not both"
        );

    public static Diagnostic NeitherRunNorUses(SourceLocation at, string stage) =>
        new(at, $"stage '{stage}' has neither 'run' nor 'uses'", "add 'run: <command>' or 'uses: <built-in step>'");

    public static Diagnostic WithWithoutUses(SourceLocation at, string stage) =>
        new(at, $"stage '{stage}' has 'with' but no 'uses'", "'with' gives the arguments of a built-in step named by 'uses'");

    public static Diagnostic UnknownStep(SourceLocation at, string name, IReadOnlyList<string> known) =>
        new(
            at,
            $"unknown step '{name}'",
            Suggestions.Closest(name, known) is { } closest ? $"did you mean '{closest}'?" : $"built-in steps: {string.Join(", ", known)}"
        );

    public static Diagnostic EmptyCommand(SourceLocation at, string stage) => new(at, $"stage '{stage}' has an empty 'run' command");

    public static Diagnostic UnclosedQuote(SourceLocation at, char quote) =>
        new(at, $"unclosed {quote} in the command (expected a closing {quote})");

    public static Diagnostic UnknownParameter(SourceLocation? at, string name, IReadOnlyList<string> known) =>
        new(at, $"unknown parameter '{name}'", Suggestions.Closest(name, known) is { } closest ? $"did you mean '{closest}'?" : null);

    public static Diagnostic UnclosedInterpolation(SourceLocation at) => new(at, "unclosed '${' (expected '}' after the parameter name)");

    public static Diagnostic EmptyInterpolation(SourceLocation at) =>
        new(at, "empty '${}' (expected a parameter name such as ${train.lr})");

    public static Diagnostic NotTextual(SourceLocation at, string name, string kind) =>
        new(at, $"'{name}' is a {kind} and cannot be written inside text", "use it as a whole value (\"${" + name + "}\") in 'with:'");

    public static Diagnostic MetricsWithoutPath(SourceLocation at, string stage) =>
        new(at, $"a metrics entry of stage '{stage}' has no 'path'", "write '- path: metrics/eval.json' (and optionally 'tolerance:')");

    public static Diagnostic ForeachAndMatrix(SourceLocation at, string stage) =>
        new(at, $"stage '{stage}' has both 'foreach' and 'matrix'");

    public static Diagnostic EmptyForeach(SourceLocation at, string stage, string key) =>
        new(at, $"'{key}' of stage '{stage}' has no values");

    public static Diagnostic DoWithoutForeach(SourceLocation at, string stage) => new(at, $"stage '{stage}' has 'do' but no 'foreach'");

    public static Diagnostic AbsolutePath(SourceLocation at, string path) => new(at, $"'{path}' is an absolute path", PathRule);

    public static Diagnostic PathLeavesProject(SourceLocation at, string path) =>
        new(at, $"'{path}' is outside the project directory", PathRule);

    public static Diagnostic DuplicatePath(SourceLocation at, string path, string stage) =>
        new(at, $"'{path}' is declared twice in stage '{stage}'");

    public static Diagnostic ProducedTwice(SourceLocation at, string path, string stage, string otherStage) =>
        new(at, $"'{path}' is produced by both '{otherStage}' and '{stage}'", "every output has exactly one stage that writes it");

    public static Diagnostic MissingDep(SourceLocation at, string path, string stage) =>
        new(at, $"dependency '{path}' of stage '{stage}' does not exist and no stage produces it");

    public static Diagnostic Cycle(SourceLocation at, IReadOnlyList<string> cycle) =>
        new(at, $"the stages form a cycle: {string.Join(" -> ", cycle)}", "a stage cannot depend, directly or not, on its own outputs");

    public static Diagnostic ParamsNotMapping(SourceLocation at, string path) =>
        new(at, $"the parameter file '{path}' must be a mapping (key: value)");

    public static Diagnostic ParamsFileType(SourceLocation at, string path) =>
        new(at, $"the parameter file '{path}' is neither YAML nor JSON", "use a .yaml, .yml or .json file");

    public static Diagnostic BadOverride(string text) =>
        new(null, $"--set '{text}' is not of the form name=value", "for example --set train.lr=0.01");

    public static Diagnostic UnknownOverride(string name, IReadOnlyList<string> known) =>
        new(
            null,
            $"--set: unknown parameter '{name}'",
            Suggestions.Closest(name, known) is { } closest
                ? $"did you mean '{closest}'?"
                : "only parameters from the params files can be set"
        );

    public static Diagnostic UnknownStage(string name, IReadOnlyList<string> known) =>
        new(
            null,
            $"unknown stage '{name}'",
            Suggestions.Closest(name, known) is { } closest ? $"did you mean '{closest}'?" : $"stages: {string.Join(", ", known)}"
        );

    public static Diagnostic InitWouldOverwrite(string path) =>
        new(
            null,
            $"'{path}' already exists; 'repro init' does not overwrite files",
            "edit it, or remove it and run 'dotnet repro init' again"
        );
}
