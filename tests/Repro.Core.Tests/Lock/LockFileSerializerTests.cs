using System.Text.Json.Nodes;
using Repro.Core.Lock;

namespace Repro.Core.Tests.Lock;

public class LockFileSerializerTests
{
    private static LockFile Sample() =>
        new(
            42,
            new Dictionary<string, JsonNode?> { ["train.lr"] = 0.1, ["train.epochs"] = 3 },
            [
                new StageLock(
                    "train",
                    "abc123",
                    1234,
                    new Dictionary<string, JsonNode?>
                    {
                        ["train.lr"] = 0.1,
                        ["train.epochs"] = 3,
                        ["train.optimizer"] = "sgd",
                        ["train.flag"] = true,
                        ["train.tag"] = "1",
                    },
                    [new LockedPath("data/x.csv", "d1")],
                    [new LockedPath("models", "m1", IsDirectory: true, Files: 2, Bytes: 2048)],
                    new Dictionary<string, IReadOnlyDictionary<string, double>>
                    {
                        ["metrics/train.json"] = new Dictionary<string, double> { ["val_acc"] = 0.1 + 0.2, ["epochs_run"] = 3 },
                    }
                ),
                new StageLock(
                    "prepare",
                    "def456",
                    99,
                    new Dictionary<string, JsonNode?>(),
                    [],
                    [new LockedPath("data/x.csv", "d1")],
                    new Dictionary<string, IReadOnlyDictionary<string, double>>()
                ),
            ]
        );

    [Fact]
    public void A_lock_round_trips_with_exact_numbers_and_value_types()
    {
        var text = LockFileSerializer.Write(Sample());

        var read = LockFileSerializer.Read(text, "repro.lock");

        read.Seed.Should().Be(42);
        read.Params.Keys.Should().Equal("train.epochs", "train.lr");
        var train = read.Find("train")!;
        train.Fingerprint.Should().Be("abc123");
        train.Seed.Should().Be(1234);
        train.Metrics["metrics/train.json"]["val_acc"].Should().Be(0.1 + 0.2, "metrics must round-trip bit for bit");
        JsonNode.DeepEquals(train.Params["train.lr"], JsonValue.Create(0.1)).Should().BeTrue();
        JsonNode.DeepEquals(train.Params["train.epochs"], JsonValue.Create(3L)).Should().BeTrue();
        JsonNode.DeepEquals(train.Params["train.flag"], JsonValue.Create(true)).Should().BeTrue();
        JsonNode.DeepEquals(train.Params["train.tag"], JsonValue.Create("1")).Should().BeTrue("a quoted string stays a string");
        train.Outs.Should().ContainSingle().Which.Should().Be(new LockedPath("models", "m1", true, 2, 2048));
    }

    [Fact]
    public void Stages_and_keys_are_written_in_a_stable_order()
    {
        var text = LockFileSerializer.Write(Sample());

        text.IndexOf("prepare:", StringComparison.Ordinal).Should().BeLessThan(text.IndexOf("train:", StringComparison.Ordinal));
        text.IndexOf("train.epochs", StringComparison.Ordinal).Should().BeLessThan(text.IndexOf("train.lr", StringComparison.Ordinal));
        LockFileSerializer.Write(LockFileSerializer.Read(text, "repro.lock")).Should().Be(text);
    }

    [Fact]
    public void A_lock_from_a_newer_tool_is_refused_with_its_position()
    {
        var act = () => LockFileSerializer.Read("schema: 99\nstages: {}\n", "repro.lock");

        act.Should().Throw<ReproException>().Which.Message.Should().StartWith("repro.lock:1:1: error: repro.lock has schema 99");
    }

    [Fact]
    public void Broken_yaml_is_reported_at_its_line()
    {
        var act = () => LockFileSerializer.Read("schema: 1\nstages:\n  train: [unclosed\n", "repro.lock");

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .MatchRegex(@"^repro\.lock:\d+:\d+: error: repro\.lock is not valid YAML");
    }
}
