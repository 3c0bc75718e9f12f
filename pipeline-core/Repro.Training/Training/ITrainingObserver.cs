namespace Repro.Training.Training;

/// <summary>Hears about each finished epoch (logging, metric streams, TensorBoard) and may stop training early.</summary>
public interface ITrainingObserver
{
    /// <summary>Called after each epoch, once its checkpoint is written. Return false to stop (pruned or asked to stop).</summary>
    bool EpochEnded(EpochMetrics metrics);
}
