using Repro.Core.Search;
using Repro.Core.Store;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Search;

/// <summary>A search stage's studies (issue #7): a study is its definition, in memory and in the SQLite store alike.</summary>
public sealed class StageStudiesTests : IDisposable
{
    private const string SpaceA = """{"x": "uniform(0, 5)"}""";
    private const string SpaceB = """{"x": "uniform(1, 3)"}""";

    private readonly TempDir dir = TempDir.Create();
    private readonly List<IDisposable> stores = [];

    public static TheoryData<string> EveryStorage => ["memory", "sqlite"];

    public void Dispose()
    {
        foreach (var store in stores)
            store.Dispose();
        dir.Dispose();
    }

    [Theory, MemberData(nameof(EveryStorage))]
    public void An_unchanged_definition_resumes_its_study_and_a_changed_one_starts_the_next_and_keeps_the_old(string kind)
    {
        var storage = Storage(kind);
        var a = StudyDefinitionTests.Definition(SpaceA);
        var b = StudyDefinitionTests.Definition(SpaceB);

        var first = StageStudies.Choose(storage, "tune", a);
        Finish(storage, "tune", 0.5, 4.5);
        var again = StageStudies.Choose(storage, "tune", a);
        var changed = StageStudies.Choose(storage, "tune", b);
        var back = StageStudies.Choose(storage, "tune", a);

        first.Should().Be(new StudyChoice(first.Study, StudyChoiceKind.Created, null));
        first.Study.Name.Should().Be("tune");
        again.Kind.Should().Be(StudyChoiceKind.Resumed);
        again.Study.Name.Should().Be("tune");
        again.Previous.Should().BeNull();
        changed.Kind.Should().Be(StudyChoiceKind.Created);
        changed.Study.Name.Should().Be("tune@2");
        changed.Previous.Should().BeEquivalentTo(new StudyChoice.Other("tune", 2, ["space"]));
        back.Kind.Should().Be(StudyChoiceKind.Resumed);
        back.Study.Name.Should().Be("tune");
        back.Previous!.Name.Should().Be("tune@2");
        storage
            .ListStudies()
            .Select(s => (s.Name, s.Stage, s.Definition!.Hash))
            .Should()
            .Equal(("tune", "tune", a.Hash), ("tune@2", "tune", b.Hash));
        storage.LoadTrials("tune").Should().HaveCount(2, "the old study keeps its trials");
        storage.LoadTrials("tune@2").Should().BeEmpty();
    }

    [Theory, MemberData(nameof(EveryStorage))]
    public void A_study_of_an_older_repro_is_taken_over_when_its_trials_fit_and_kept_aside_when_they_do_not(string kind)
    {
        var fits = Storage(kind);
        var outside = Storage(kind, "other.db");
        foreach (var storage in new[] { fits, outside })
            storage.CreateOrLoadStudy(new StudyRecord("tune", StudyDirection.Maximize, 7));
        Finish(fits, "tune", 0.5, 4.5);
        Finish(outside, "tune", 0.5, 7.5);
        var definition = StudyDefinitionTests.Definition(SpaceA);

        var adopted = StageStudies.Choose(fits, "tune", definition);
        var resumed = StageStudies.Choose(fits, "tune", definition);
        var aside = StageStudies.Choose(outside, "tune", definition);

        adopted.Kind.Should().Be(StudyChoiceKind.Adopted);
        adopted.Study.Name.Should().Be("tune");
        resumed.Kind.Should().Be(StudyChoiceKind.Resumed);
        fits.TryLoadStudy("tune")!.Definition!.Hash.Should().Be(definition.Hash, "the definition is recorded once taken over");
        aside.Kind.Should().Be(StudyChoiceKind.Created);
        aside.Study.Name.Should().Be("tune@2");
        aside.Previous.Should().BeEquivalentTo(new StudyChoice.Other("tune", 2, ["space"]));
        outside.TryLoadStudy("tune")!.Definition.Should().BeNull();
    }

    [Theory, MemberData(nameof(EveryStorage))]
    public void A_dropped_study_goes_with_its_trials_and_its_name_is_not_given_to_a_later_definition(string kind)
    {
        var storage = Storage(kind);
        StageStudies.Choose(storage, "tune", StudyDefinitionTests.Definition(SpaceA));
        StageStudies.Choose(storage, "tune", StudyDefinitionTests.Definition(SpaceB));
        Finish(storage, "tune@2", 1.5);

        var dropped = storage.DeleteStudy("tune@2");
        var droppedAgain = storage.DeleteStudy("tune@2");
        var next = StageStudies.Choose(storage, "tune", StudyDefinitionTests.Definition("""{"x": "uniform(2, 3)"}"""));

        dropped.Should().BeTrue();
        droppedAgain.Should().BeFalse();
        next.Study.Name.Should().Be("tune@2", "tune@2 is free again and tune is taken");
        storage.LoadTrials("tune@2").Should().BeEmpty("the dropped study's trials went with it");
        StageStudies.NextName("tune", [new StudyRecord("tune@3", StudyDirection.Minimize, 1)]).Should().Be("tune@4");
        StageStudies.NextName("tune", [new StudyRecord("tune-2", StudyDirection.Minimize, 1)]).Should().Be("tune");
    }

    [Fact]
    public void Two_processes_opening_the_same_definition_at_once_share_one_study()
    {
        var path = dir.Resolve("shared.db");
        var first = Track(RunStore.Open(path));
        var second = Track(RunStore.Open(path));
        var definition = StudyDefinitionTests.Definition(SpaceA);

        var names = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 16, i => names.Add(StageStudies.Choose(i % 2 == 0 ? first : second, "tune", definition).Study.Name));

        names.Should().AllBe("tune");
        first.ListStudies().Should().ContainSingle();
    }

    private IStudyStorage Storage(string kind, string file = "repro.db") =>
        kind == "memory" ? new InMemoryStudyStorage() : Track(RunStore.Open(dir.Resolve(file)));

    private T Track<T>(T store)
        where T : IDisposable
    {
        stores.Add(store);
        return store;
    }

    private static void Finish(IStudyStorage storage, string study, params double[] points)
    {
        foreach (var x in points)
        {
            var number = storage.ClaimTrial(study, n => n);
            storage.SetParams(study, number, new Dictionary<string, object> { ["x"] = x });
            storage.FinishTrial(study, number, TrialState.Complete, x, null);
        }
    }
}
