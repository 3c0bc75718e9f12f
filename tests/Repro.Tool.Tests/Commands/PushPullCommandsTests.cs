using System.Text.Json;
using Repro.Core.Cache;
using Repro.Tests.Shared;

namespace Repro.Tool.Tests.Commands;

public sealed class PushPullCommandsTests : IDisposable
{
    private const string Stages = """
        stages:
          prepare:
            run: sh -c 'mkdir -p data; seq 1 ${rows} > data/numbers.txt'
            outs: [data/numbers.txt]
          train:
            run: sh -c 'mkdir -p metrics; awk -v s=${scale} "{ t += \$1 * s } END { print \"{\\\"total\\\":\" t \"}\" }" data/numbers.txt > metrics/train.json'
            deps: [data/numbers.txt]
            metrics: [metrics/train.json]
        """;

    private readonly TempDir remote = TempDir.Create();
    private readonly TempDir a = TempDir.Create();
    private readonly TempDir b = TempDir.Create();

    public PushPullCommandsTests()
    {
        foreach (var project in new[] { a, b })
        {
            // B is a clone of A's committed files: the pipeline and its params, no .repro and no outputs.
            project.Write("params.yaml", "rows: 10\nscale: 2\n");
            project.Write("pipeline.yaml", Pipeline(remote.Path));
        }
    }

    public void Dispose()
    {
        remote.Dispose();
        a.Dispose();
        b.Dispose();
    }

    private static string Pipeline(string remoteDirPath) =>
        $"seed: 1\nparams: params.yaml\nremotes:\n  shared:\n    type: dir\n    path: {remoteDirPath}\n" + Stages;

    private static JsonElement Json(CliRunner.Result result)
    {
        result.ExitCode.Should().Be(0, result.Error);
        return JsonDocument.Parse(result.Out).RootElement;
    }

    private static int Number(JsonElement json, string name) => json.GetProperty(name).GetInt32();

    private static string[] Statuses(CliRunner.Result run) =>
        [.. Json(run).GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("status").GetString()!)];

    private string[] RemoteObjects() =>
        [
            .. Directory
                .EnumerateFiles(remote.Resolve("objects"), "*", SearchOption.AllDirectories)
                .Select(Path.GetFileName)
                .OfType<string>(),
        ];

    [Fact]
    public async Task I_can_push_to_a_folder_and_a_fresh_clone_pulls_then_runs_without_executing_anything()
    {
        (await CliRunner.RunAsync(a, "run")).ExitCode.Should().Be(0);

        var push = Json(await CliRunner.RunAsync(a, "push", "--json"));
        var pull = Json(await CliRunner.RunAsync(b, "pull", "--json"));
        var run = await CliRunner.RunAsync(b, "run", "--json");

        // Two outs and two fingerprint-parts objects; two run-cache records.
        Number(push, "objects_transferred").Should().Be(4);
        Number(push, "records_transferred").Should().Be(2);
        push.GetProperty("bytes_transferred").GetInt64().Should().BePositive();
        RemoteObjects().Should().HaveCount(4);
        Number(pull, "objects_transferred").Should().Be(4);
        Number(pull, "records_transferred").Should().Be(2);
        Statuses(run).Should().Equal("cached", "cached");
        b.Read("data/numbers.txt").Should().Be(a.Read("data/numbers.txt"));
        b.Read("metrics/train.json").Trim().Should().Be("""{"total":110}""");
    }

    [Fact]
    public async Task A_second_push_sends_only_the_objects_the_remote_lacks()
    {
        await CliRunner.RunAsync(a, "run");
        var first = Json(await CliRunner.RunAsync(a, "push", "--json"));
        await CliRunner.RunAsync(a, "run", "--set", "scale=3");

        var second = Json(await CliRunner.RunAsync(a, "push", "--json"));
        var third = Json(await CliRunner.RunAsync(a, "push", "--json"));

        // Only train changed: its new metrics file and its new fingerprint parts.
        Number(second, "objects_transferred").Should().Be(2);
        Number(second, "objects_skipped").Should().Be(Number(first, "objects_transferred"));
        Number(second, "records_transferred").Should().Be(1);
        Number(second, "records_skipped").Should().Be(2);
        Number(third, "objects_transferred").Should().Be(0);
        Number(third, "records_transferred").Should().Be(0);
    }

    [Fact]
    public async Task After_push_deleting_the_cache_and_pulling_a_run_executes_nothing()
    {
        await CliRunner.RunAsync(a, "run");
        await CliRunner.RunAsync(a, "push");
        Directory.Delete(a.Resolve(".repro/cache"), recursive: true);
        File.Delete(a.Resolve("data/numbers.txt"));

        var pull = await CliRunner.RunAsync(a, "pull");
        var run = await CliRunner.RunAsync(a, "run", "--json");

        pull.ExitCode.Should().Be(0, pull.Error);
        pull.Out.Should()
            .StartWith("pulled 4 objects (")
            .And.Contain("from 'shared', 0 already here; 0 run-cache records pulled, 2 already here");
        Statuses(run).Should().Equal("cached", "cached");
        a.Read("data/numbers.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(10);
    }

    [Fact]
    public async Task Run_with_pull_fetches_from_the_remote_before_deciding_what_to_execute()
    {
        await CliRunner.RunAsync(a, "run");
        await CliRunner.RunAsync(a, "push");

        var run = await CliRunner.RunAsync(b, "run", "--pull");
        var again = await CliRunner.RunAsync(b, "run", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().StartWith("pulled 4 objects (");
        Statuses(again).Should().Equal("cached", "cached");
        b.Read("metrics/train.json").Trim().Should().Be("""{"total":110}""");
    }

    [Fact]
    public async Task A_corrupted_remote_object_is_refused_on_pull_and_nothing_is_half_written()
    {
        await CliRunner.RunAsync(a, "run");
        await CliRunner.RunAsync(a, "push");
        var numbers = ObjectId.Of(File.ReadAllBytes(a.Resolve("data/numbers.txt")));
        var hex = numbers.ToString();
        File.WriteAllText(remote.Resolve($"objects/{hex[..2]}/{hex[2..]}"), "tampered\n");

        var pull = await CliRunner.RunAsync(b, "pull");
        var cache = b.Resolve(".repro/cache");
        var pulled = new ObjectStore(cache).Contains(numbers);
        var leftovers = Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories).Where(f => AtomicFile.IsTempPath(f)).ToList();
        var run = await CliRunner.RunAsync(b, "run", "--json");

        pull.ExitCode.Should().Be(1);
        pull.Error.Should()
            .Contain($"error: object {numbers} on remote 'shared' is corrupted (its content hashes to {ObjectId.Of("tampered\n"u8)})");
        pulled.Should().BeFalse("a corrupted object must not appear under its id");
        leftovers.Should().BeEmpty();
        // prepare's record was not kept, so it runs again; its output is the same, so train is restored.
        Statuses(run).Should().Equal("executed", "cached");
    }

    [Fact]
    public async Task Push_and_pull_can_be_limited_to_named_stages()
    {
        await CliRunner.RunAsync(a, "run");

        var push = Json(await CliRunner.RunAsync(a, "push", "prepare", "--json"));
        var pull = Json(await CliRunner.RunAsync(b, "pull", "prepare", "--json"));

        Number(push, "records_transferred").Should().Be(1);
        Number(push, "objects_transferred").Should().Be(2);
        Number(pull, "records_transferred").Should().Be(1);
        Directory.EnumerateDirectories(remote.Resolve("runcache")).Select(Path.GetFileName).Should().Equal("prepare");
    }

    [Fact]
    public async Task A_bad_remotes_section_exits_2_naming_file_and_line_for_every_problem()
    {
        a.Write(
            "pipeline.yaml",
            "params: params.yaml\nremotes:\n  shared:\n    type: ftp\n  cloud:\n    type: s3\n    buckt: x\n  nas:\n    type: dir\n"
                + Stages
        );

        var result = await CliRunner.RunAsync(a, "push");

        result.ExitCode.Should().Be(2);
        result.Out.Should().BeEmpty();
        result
            .Error.Should()
            .Be(
                """
                pipeline.yaml:4:11: error: remote 'shared' has an unknown type 'ftp'
                  hint: expected 'dir' (a folder, local or mounted) or 's3'
                pipeline.yaml:7:5: error: unknown key 'buckt' in remote 'cloud'
                  hint: did you mean 'bucket'?
                pipeline.yaml:5:3: error: remote 'cloud' has no 'bucket'
                  hint: add 'bucket:' with the bucket's name
                pipeline.yaml:8:3: error: remote 'nas' has no 'path'
                  hint: add 'path:' with the folder (absolute, or relative to the project)

                """.ReplaceLineEndings()
            );
    }

    [Fact]
    public async Task An_unknown_remote_a_missing_folder_or_no_remotes_exit_2()
    {
        var unknown = await CliRunner.RunAsync(a, "push", "--remote", "sharde");
        a.Write("pipeline.yaml", Pipeline(remote.Resolve("not-mounted")));
        var missing = await CliRunner.RunAsync(a, "pull");
        a.Write("pipeline.yaml", "params: params.yaml\n" + Stages);
        var none = await CliRunner.RunAsync(a, "push");

        unknown.ExitCode.Should().Be(2);
        unknown.Error.Should().Be("error: unknown remote 'sharde'\n  hint: did you mean 'shared'?\n".ReplaceLineEndings());
        missing.ExitCode.Should().Be(2);
        missing
            .Error.Should()
            .StartWith($"pipeline.yaml:4:3: error: the folder '{remote.Resolve("not-mounted")}' of remote 'shared' does not exist");
        none.ExitCode.Should().Be(2);
        none.Error.Should().StartWith("error: pipeline.yaml declares no remotes");
    }
}
