namespace Repro.Training.Generative;

/// <summary>What one DCGAN epoch measured: mean losses, the discriminator's mean probability of "real" on real and on fake images.</summary>
public readonly record struct DcganEpoch(double GeneratorLoss, double DiscriminatorLoss, double RealScore, double FakeScore, long Images);
