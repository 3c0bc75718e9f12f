using System.Text.Json;
using Repro.Tests.Shared;

namespace Repro.Tool.Tests.Commands;

/// <summary>
/// <c>type: s3</c> end to end through the command line, against <see cref="S3StubServer"/> on loopback (no S3-compatible
/// server is installable here), with credentials from the usual AWS environment variables.
/// </summary>
public sealed class PushPullS3Tests : IDisposable
{
    private static readonly string[] CredentialVariables = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_EC2_METADATA_DISABLED"];
    private readonly Dictionary<string, string?> saved = CredentialVariables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly S3StubServer server = new("ml-cache");
    private readonly TempDir a = TempDir.Create();
    private readonly TempDir b = TempDir.Create();

    public PushPullS3Tests()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", S3StubServer.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", S3StubServer.SecretKey);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        foreach (var project in new[] { a, b })
        {
            project.Write(
                "pipeline.yaml",
                $"""
                remotes:
                  cloud: {"{"} type: s3, bucket: ml-cache, prefix: demo, endpoint: "{server.Endpoint}" {"}"}
                stages:
                  prepare:
                    run: sh -c 'mkdir -p data; seq 1 5 > data/numbers.txt'
                    outs: [data/numbers.txt]
                """
            );
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in saved)
            Environment.SetEnvironmentVariable(name, value);
        server.Dispose();
        a.Dispose();
        b.Dispose();
    }

    [Fact]
    public async Task I_can_push_to_an_s3_endpoint_and_a_clone_pulls_and_restores_without_executing()
    {
        (await CliRunner.RunAsync(a, "run")).ExitCode.Should().Be(0);

        var push = await CliRunner.RunAsync(a, "push");
        var run = await CliRunner.RunAsync(b, "run", "--pull", "--json");

        push.ExitCode.Should().Be(0, push.Error);
        push.Out.Should()
            .StartWith("pushed 2 objects (")
            .And.Contain("to 'cloud', 0 already there; 1 run-cache records pushed, 0 already there");
        run.ExitCode.Should().Be(0, run.Error);
        JsonDocument.Parse(run.Out).RootElement.GetProperty("stages")[0].GetProperty("status").GetString().Should().Be("cached");
        b.Read("data/numbers.txt").Should().Be("1\n2\n3\n4\n5\n");
        server.Objects.Keys.Should().Contain(k => k.StartsWith("demo/runcache/prepare/", StringComparison.Ordinal));
        server.Requests.Should().OnlyContain(r => r.Authorization!.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal));
    }
}
