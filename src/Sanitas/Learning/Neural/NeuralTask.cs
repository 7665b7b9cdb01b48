namespace Sanitas.Learning.Neural;

/// <summary>What the network's output means, which fixes its output layer and loss.</summary>
public enum NeuralTask
{
    /// <summary>One logit, sigmoid output, binary cross-entropy; targets 0 or 1.</summary>
    BinaryClassification,

    /// <summary>One logit per class, softmax output, cross-entropy; targets are class indices 0..K−1.</summary>
    MulticlassClassification,

    /// <summary>One linear output, squared error ½(ŷ − y)²; real targets.</summary>
    Regression,
}
