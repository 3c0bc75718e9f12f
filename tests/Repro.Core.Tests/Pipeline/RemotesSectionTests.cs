using Repro.Core.Pipeline;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Pipeline;

public class RemotesSectionTests
{
    private const string Stage = "stages:\n  a:\n    run: a\n";

    [Fact]
    public void Folder_and_s3_remotes_are_read_with_their_settings()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            remotes:
              nas: { type: dir, path: ../shared-cache }
              cloud:
                type: s3
                bucket: ml-cache
                prefix: /team/fashion/
                endpoint: http://127.0.0.1:9000
                region: eu-west-1
                profile: ci
                default: true
                jobs: 16
            """
                + "\n"
                + Stage
        );

        var pipeline = PipelineLoader.Load(project.Path);

        pipeline.Remotes.Select(r => r.Name).Should().Equal("nas", "cloud");
        pipeline.Remotes[0].Kind.Should().Be(RemoteKind.Dir);
        pipeline.Remotes[0].DirPath.Should().Be(Path.GetFullPath(Path.Combine(project.Path, "..", "shared-cache")));
        pipeline.Remotes[0].IsDefault.Should().BeFalse();
        var cloud = pipeline.Remotes[1];
        (cloud.Kind, cloud.Bucket, cloud.Prefix, cloud.Region, cloud.Profile, cloud.IsDefault, cloud.Jobs)
            .Should()
            .Be((RemoteKind.S3, "ml-cache", "team/fashion", "eu-west-1", "ci", true, 16));
        cloud.Endpoint.Should().Be(new Uri("http://127.0.0.1:9000"));
        cloud.At.Should().Be(new SourceLocation("pipeline.yaml", 3, 3));
    }

    [Fact]
    public void Every_problem_in_remotes_is_reported_with_its_position()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            remotes:
              a: { type: dir, path: /x, default: true }
              b: { type: dir, path: /y, default: yes please }
              c: { type: s3, bucket: z, endpoint: "ftp://host", default: true }
              d: { type: s3, bucket: z, path: /p, jobs: 0 }
              e b: { type: dir, path: /x }
            """
                + "\n"
                + Stage
        );

        var act = () => PipelineLoader.Load(project.Path);

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be(
                """
                pipeline.yaml:3:38: error: expected true or false for 'default' of remote 'b', found 'yes please'
                pipeline.yaml:4:39: error: the endpoint 'ftp://host' of remote 'c' is not an http or https URL
                  hint: for example endpoint: http://localhost:9000
                pipeline.yaml:5:29: error: unknown key 'path' in remote 'd'
                  hint: expected one of: type, default, jobs, bucket, prefix, endpoint, region, profile
                pipeline.yaml:5:45: error: 'jobs' of remote 'd' must be at least 1
                pipeline.yaml:6:3: error: remote name 'e b' may only contain letters, digits, '_', '-' and '.'
                """.ReplaceLineEndings()
            );
    }

    [Fact]
    public void Two_default_remotes_are_an_error()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            "remotes:\n  a: { type: dir, path: /x, default: true }\n  b: { type: dir, path: /y, default: true }\n" + Stage
        );

        var act = () => PipelineLoader.Load(project.Path);

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be(
                """
                pipeline.yaml:3:3: error: remotes 'a' and 'b' are both marked 'default: true'
                  hint: mark at most one remote as the default
                """.ReplaceLineEndings()
            );
    }
}
