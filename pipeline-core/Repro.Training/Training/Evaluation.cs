namespace Repro.Training.Training;

/// <summary>A model's loss and quality on one split: accuracy for classification, MSE and MAE for regression.</summary>
public sealed record Evaluation(double Loss, double? Accuracy, double? Mse, double? Mae);
