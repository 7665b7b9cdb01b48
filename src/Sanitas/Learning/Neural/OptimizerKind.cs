namespace Sanitas.Learning.Neural;

/// <summary>How a gradient updates the parameters.</summary>
public enum OptimizerKind
{
    /// <summary>Plain (stochastic) gradient descent: θ ← θ − η g.</summary>
    Sgd,

    /// <summary>Adam (Kingma &amp; Ba 2015) with β₁ = 0.9, β₂ = 0.999, ε = 1e-8.</summary>
    Adam,
}
