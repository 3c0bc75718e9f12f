using Repro.Core.Pipeline;
using Repro.Core.Store;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Store;

public class StoreLocatorTests
{
    private static PipelineFile Pipeline(string? store) =>
        new()
        {
            ProjectDirPath = "/p",
            FilePath = "pipeline.yaml",
            Stages = [],
            Store = store,
        };

    [Fact]
    public void Without_store_and_REPRO_STORE_studies_stay_in_the_sqlite_file()
    {
        StoreLocator.Resolve(Pipeline(null), null).Should().BeNull();
        StoreLocator.Resolve(Pipeline("sqlite"), "").Should().BeNull();
    }

    [Fact]
    public void REPRO_STORE_wins_over_the_pipeline_store()
    {
        StoreLocator.Resolve(Pipeline("postgres://a/x"), "sqlite").Should().BeNull();
        StoreLocator.Resolve(Pipeline(null), "postgres://db/studies")!.DisplayName.Should().Be("postgres://db/studies");
        StoreLocator.Resolve(Pipeline("postgres://a/x"), "postgres://b/y")!.DisplayName.Should().Be("postgres://b/y");
    }

    [Fact]
    public void The_pipeline_store_is_used_when_REPRO_STORE_is_unset()
    {
        // Arrange
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "store: postgres://repro@db:5433/studies\nstages:\n  a:\n    run: a\n");
        // Act
        var options = StoreLocator.Resolve(PipelineLoader.Load(project.Path), null);
        // Assert
        options!.ConnectionString.Should().Contain("Host=db").And.Contain("Port=5433").And.Contain("Database=studies");
    }

    [Fact]
    public void A_REPRO_STORE_that_is_no_store_is_an_input_error()
    {
        var act = () => StoreLocator.Resolve(Pipeline(null), "mysql://u:secret@db/x");
        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Contain("REPRO_STORE is 'mysql://u:***@db/x', which is neither 'sqlite' nor a postgres:// URL");
    }
}
