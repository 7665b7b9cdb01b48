namespace Sanitas.Privacy.Renyi;

/// <summary>How an RDP curve becomes an (ε, δ) guarantee; each is valid, the minimum over orders is taken.</summary>
public enum RenyiConversion
{
    /// <summary>
    /// ε = ε(α) + log1p(−1/α) − (log δ + log α)/(α − 1) (Balle, Barthe, Gaboardi, Hsu &amp; Sato 2020,
    /// Theorem 21; Canonne, Kamath &amp; Steinke 2020, Proposition 12). What Opacus and TensorFlow
    /// Privacy use; never larger than the Mironov bound at the same order. The default.
    /// </summary>
    BalleEtAl2020,

    /// <summary>ε = ε(α) + log(1/δ)/(α − 1) (Mironov 2017, "Rényi Differential Privacy", Proposition 3).</summary>
    Mironov2017,
}
