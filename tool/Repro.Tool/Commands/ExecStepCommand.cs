using System.CommandLine;
using System.Text.Json;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Tool.Steps;
using Repro.Training;

namespace Repro.Tool.Commands;

/// <summary>
/// <c>repro exec-step &lt;request.json&gt;</c> (hidden): runs one built-in step in this process, as the engine asks for each
/// <c>uses:</c> stage. Exit 0 when the step finished and wrote its outputs, 2 for bad arguments or data.
/// </summary>
public static class ExecStepCommand
{
    public static Command Create(ToolContext context, Func<StepCatalog>? catalog = null)
    {
        var requestPath = new Argument<string>("request") { Description = "The StepRequest JSON file the engine wrote." };
        var command = new Command("exec-step", "Run one built-in step from a request file (used by 'repro run').") { Hidden = true };
        command.Arguments.Add(requestPath);
        command.SetAction(
            async (parse, cancellationToken) =>
            {
                var path = Path.GetFullPath(parse.GetValue(requestPath)!, context.WorkingDirPath);
                var request = Read(path);
                // Relative folders in a hand-written request are relative to where the verb runs.
                request = request with
                {
                    ProjectDirPath = Path.GetFullPath(request.ProjectDirPath, context.WorkingDirPath),
                    RunDirPath = Path.GetFullPath(request.RunDirPath, context.WorkingDirPath),
                };
                var steps = (catalog ?? BuiltinSteps.Create)();
                if (!steps.TryGet(request.Step, out var step))
                    throw new ReproException(StepErrors.UnknownStep(null, request.Step, steps.Names));
                var settings = TorchSetup.Apply(request.Device, request.Threads, request.Seed);
                await context.Error.WriteLineAsync(
                    $"{request.Stage}: {step.Name} on {settings.Device.type.ToString().ToLowerInvariant()}, "
                        + $"{settings.Threads} threads, seed {settings.Seed}, {settings.Determinism}"
                );
                await step.RunAsync(request, cancellationToken);
                return ExitCodes.Success;
            }
        );
        return command;
    }

    /// <summary>Reads a request file; a missing or malformed file is a <see cref="ReproException"/> naming it.</summary>
    public static StepRequest Read(string path)
    {
        if (!File.Exists(path))
            throw new ReproException($"{path}: step request not found");
        try
        {
            return JsonSerializer.Deserialize<StepRequest>(File.ReadAllText(path), StepRequest.JsonOptions)
                ?? throw new ReproException($"{path}: the step request is empty");
        }
        catch (JsonException ex)
        {
            throw new ReproException($"{path}: not a valid step request: {ex.Message}");
        }
    }
}
