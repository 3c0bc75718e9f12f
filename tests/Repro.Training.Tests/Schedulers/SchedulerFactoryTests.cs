using Repro.Core;
using Repro.Training.Schedulers;

namespace Repro.Training.Tests.Schedulers;

public class SchedulerFactoryTests
{
    [Fact]
    public void Step_decays_by_gamma_every_step_size_epochs()
    {
        var lrs = PerEpoch(
            new SchedulerSpec
            {
                Type = "step",
                StepSize = 2,
                Gamma = 0.5,
            },
            1.0,
            5
        );

        lrs.Should().Equal([1.0, 1.0, 0.5, 0.5, 0.25], Close);
    }

    [Fact]
    public void Multistep_decays_at_each_milestone()
    {
        var lrs = PerEpoch(
            new SchedulerSpec
            {
                Type = "multistep",
                Milestones = [1, 3],
                Gamma = 0.1,
            },
            0.1,
            5
        );

        lrs.Should().Equal([0.1, 0.01, 0.01, 0.001, 0.001], Close);
    }

    [Fact]
    public void Exponential_decays_every_epoch()
    {
        var lrs = PerEpoch(new SchedulerSpec { Type = "exponential", Gamma = 0.9 }, 2.0, 3);

        lrs.Should().Equal([2.0, 1.8, 1.62], Close);
    }

    [Fact]
    public void Cosine_anneals_from_the_base_rate_towards_min_lr_over_the_run()
    {
        var lrs = PerEpoch(new SchedulerSpec { Type = "cosine", MinLr = 0.0 }, 1.0, 4);

        // ½(1 + cos(πe/4)) for e = 0..3.
        lrs.Should().Equal([1.0, (1 + Math.Sqrt(0.5)) / 2, 0.5, (1 - Math.Sqrt(0.5)) / 2], Close);
    }

    [Fact]
    public void Warmup_rises_linearly_per_batch_then_holds()
    {
        var scheduler = SchedulerFactory.Create(
            new SchedulerSpec
            {
                Type = "warmup",
                Interval = "batch",
                WarmupEpochs = 1,
                StartFactor = 0.25,
            },
            0.4,
            2,
            3
        );

        var lrs = Enumerable.Range(0, 6).Select(i => scheduler.LearningRate(i / 3, i % 3)).ToList();

        // 0.4 × (0.25 + 0.75 × min(step, 3) / 3)
        lrs.Should().Equal([0.1, 0.2, 0.3, 0.4, 0.4, 0.4], Close);
    }

    [Fact]
    public void Sequential_warms_up_then_follows_a_cosine_over_the_remaining_epochs()
    {
        var lrs = PerEpoch(
            new SchedulerSpec
            {
                Type = "sequential",
                WarmupEpochs = 2,
                StartFactor = 0.5,
                MinLr = 0.1,
            },
            1.0,
            5
        );

        // Warmup: 0.5, 0.75; then cosine over 3 epochs: 0.1 + 0.9 × ½(1 + cos(πk/3)) for k = 0, 1, 2.
        lrs.Should().Equal([0.5, 0.75, 1.0, 0.1 + 0.9 * 0.75, 0.1 + 0.9 * 0.25], Close);
    }

    [Fact]
    public void Onecycle_climbs_to_max_lr_and_anneals_to_the_final_rate_per_batch()
    {
        // 10 steps, pct_start 0.3: the peak is at step 2, the end at step 9.
        var scheduler = SchedulerFactory.Create(
            new SchedulerSpec
            {
                Type = "onecycle",
                MaxLr = 1.0,
                PctStart = 0.3,
                DivFactor = 10,
                FinalDivFactor = 100,
            },
            0.5,
            2,
            5
        );
        static double Anneal(double from, double to, double pct) => to + (from - to) / 2 * (Math.Cos(Math.PI * pct) + 1);

        var lrs = Enumerable.Range(0, 10).Select(i => scheduler.LearningRate(i / 5, i % 5)).ToList();

        var expected = Enumerable.Range(0, 10).Select(s => s <= 2 ? Anneal(0.1, 1.0, s / 2.0) : Anneal(1.0, 0.001, (s - 2) / 7.0));
        lrs.Should().Equal(expected, Close);
        lrs[0].Should().BeApproximately(0.1, 1e-12);
        lrs[2].Should().BeApproximately(1.0, 1e-12);
        lrs[9].Should().BeApproximately(0.001, 1e-12);
    }

    [Fact]
    public void Plateau_reduces_after_patience_epochs_without_improvement_and_resumes_from_its_state()
    {
        var spec = new SchedulerSpec
        {
            Type = "plateau",
            Patience = 1,
            Factor = 0.5,
            Cooldown = 1,
        };
        var scheduler = SchedulerFactory.Create(spec, 1.0, 10, 4);
        var losses = new[] { 1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.8 };
        var lrs = new List<double>();
        LearningRateScheduler? copy = null;

        foreach (var (loss, epoch) in losses.Select((l, e) => (l, e)))
        {
            lrs.Add(scheduler.At(epoch));
            scheduler.EpochEnded(loss);
            if (epoch == 3)
            {
                copy = SchedulerFactory.Create(spec, 1.0, 10, 4);
                copy.LoadState(scheduler.SaveState());
            }
        }

        // Bad epochs after 0.9: e2 (1), e3 (2 > patience: halve, cooldown 1), e4 (cooldown: reset), e5 (1), e6 improves.
        lrs.Should().Equal([1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5], Close);
        copy!.At(4).Should().Be(0.5);
        copy.EpochEnded(0.95);
        copy.EpochEnded(0.95);
        copy.EpochEnded(0.95);
        copy.At(7).Should().Be(0.25);
    }

    [Fact]
    public void An_unknown_scheduler_is_an_input_error()
    {
        var act = () => SchedulerFactory.Create(new SchedulerSpec { Type = "cyclic" }, 0.1, 2, 2);

        act.Should().Throw<ReproException>().WithMessage("*unknown scheduler type 'cyclic'*");
    }

    private static List<double> PerEpoch(SchedulerSpec spec, double baseLr, int epochs)
    {
        var scheduler = SchedulerFactory.Create(spec, baseLr, epochs, 7);
        // Per-epoch schedules hold within an epoch.
        Enumerable.Range(0, epochs).Should().OnlyContain(e => scheduler.LearningRate(e, 0) == scheduler.LearningRate(e, 6));
        return [.. Enumerable.Range(0, epochs).Select(e => scheduler.LearningRate(e, 0))];
    }

    private static bool Close(double actual, double expected) => Math.Abs(actual - expected) <= 1e-12;
}
