namespace Repro.Core.Tests.Execution.Slurm;

/// <summary>The tests that share one <see cref="SlurmCluster"/>.</summary>
[CollectionDefinition("Slurm")]
public sealed class SlurmCollection : ICollectionFixture<SlurmCluster>;
