namespace Sanitas.Learning.Neural;

/// <summary>The nonlinearity of a hidden layer.</summary>
public enum Activation
{
    /// <summary>max(0, z) (Nair &amp; Hinton 2010).</summary>
    Relu,

    /// <summary>tanh z.</summary>
    Tanh,
}
