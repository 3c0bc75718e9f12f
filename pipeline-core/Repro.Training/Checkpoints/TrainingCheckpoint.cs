using System.Text;
using System.Text.Json;
using Repro.Core;
using Repro.Training.Models;
using Repro.Training.Schedulers;
using Repro.Training.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Training.Checkpoints;

/// <summary>
/// <c>last.ckpt</c>: everything needed to continue a run exactly where it stopped, written after every epoch.
/// Layout: <c>RPRC</c>, int32 version 1, the configuration hash, epochs done, early-stopping state, the history as
/// JSON, the shuffling generator's state, torch's global RNG state (dropout), the scheduler's state, the model as a
/// <see cref="ModelFile"/> and the optimizer's TorchSharp state dict.
/// </summary>
public sealed record TrainingCheckpoint
{
    /// <summary>The file name inside the checkpoint folder.</summary>
    public const string LastFileName = "last.ckpt";

    /// <summary>The best weights so far, as a <see cref="ModelFile"/>.</summary>
    public const string BestFileName = "best.pt";

    private const int Version = 1;
    private static readonly byte[] Magic = "RPRC"u8.ToArray();

    public required string ConfigurationHash { get; init; }

    public required IReadOnlyList<EpochMetrics> History { get; init; }

    public required int BestEpoch { get; init; }

    public required double BestValue { get; init; }

    public required int BadEpochs { get; init; }

    /// <summary>Writes a checkpoint atomically (temporary file, then rename).</summary>
    public void Save(string path, ReproModel model, OptimizerHelper optimizer, LearningRateScheduler scheduler, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(generator);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(ConfigurationHash);
            writer.Write(BestEpoch);
            writer.Write(BestValue);
            writer.Write(BadEpochs);
            writer.Write(JsonSerializer.Serialize(History, ModelFile.JsonOptions));
            using (var state = generator.get_state())
                state.Save(writer);
            using (var state = get_rng_state())
                state.Save(writer);
            var schedulerState = scheduler.SaveState();
            writer.Write(schedulerState.Count);
            foreach (var value in schedulerState)
                writer.Write(value);
            ModelFile.Write(model, writer);
            optimizer.save_state_dict(writer);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The configuration hash and number of finished epochs of a checkpoint, or null when it is unreadable.</summary>
    public static (string ConfigurationHash, int EpochsDone)? Peek(string path)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != Version)
                return null;
            var hash = reader.ReadString();
            reader.ReadInt32();
            reader.ReadDouble();
            reader.ReadInt32();
            var history = JsonSerializer.Deserialize<List<EpochMetrics>>(reader.ReadString(), ModelFile.JsonOptions);
            return (hash, history?.Count ?? 0);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a checkpoint into the given model, optimizer, scheduler and generator (built from the same configuration)
    /// and restores torch's global RNG; returns the bookkeeping.
    /// </summary>
    public static TrainingCheckpoint Load(
        string path,
        string configurationHash,
        ReproModel model,
        OptimizerHelper optimizer,
        LearningRateScheduler scheduler,
        Generator generator
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(generator);
        if (!File.Exists(path))
            throw new ReproException(new Diagnostic(null, $"checkpoint '{path}' not found", "train without resume first"));
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != Version)
            throw new ReproException(new Diagnostic(null, $"'{path}' is not a Repro training checkpoint"));
        var hash = reader.ReadString();
        if (hash != configurationHash)
        {
            throw new ReproException(
                new Diagnostic(
                    null,
                    $"checkpoint '{path}' was written by a different configuration",
                    "resume only an interrupted run of the same stage and arguments, or delete the checkpoint"
                )
            );
        }
        var bestEpoch = reader.ReadInt32();
        var bestValue = reader.ReadDouble();
        var badEpochs = reader.ReadInt32();
        var history = JsonSerializer.Deserialize<List<EpochMetrics>>(reader.ReadString(), ModelFile.JsonOptions) ?? [];
        using (var state = generator.get_state())
        {
            state.Load(reader);
            generator.set_state(state);
        }
        using (var state = get_rng_state())
        {
            state.Load(reader);
            set_rng_state(state);
        }
        var schedulerState = new double[reader.ReadInt32()];
        for (var i = 0; i < schedulerState.Length; i++)
            schedulerState[i] = reader.ReadDouble();
        scheduler.LoadState(schedulerState);
        using (var saved = ModelFile.Read(reader, path))
        {
            using var noGrad = no_grad();
            foreach (var ((_, target), (_, source)) in model.state_dict().Zip(saved.state_dict()))
                target.copy_(source);
        }
        optimizer.load_state_dict(reader);
        return new TrainingCheckpoint
        {
            ConfigurationHash = hash,
            History = history,
            BestEpoch = bestEpoch,
            BestValue = bestValue,
            BadEpochs = badEpochs,
        };
    }
}
