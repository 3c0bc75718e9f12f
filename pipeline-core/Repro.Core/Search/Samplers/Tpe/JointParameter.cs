using Repro.Core.Search.SearchSpace;

namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>A parameter of the joint density: numeric with its <see cref="Scale"/>, or categorical with its number of <see cref="Choices"/>.</summary>
internal readonly record struct JointParameter(SearchParameter Parameter, NumericScale Scale, int? Choices);
