namespace Sanitas.Synthesis.Gan;

/// <summary>
/// The GAN's own randomness — latent Gaussians, Gumbel noise, condition draws — from the run's source
/// (<see cref="Sanitas.Privacy.SecureRandom"/> for a release). None of it is privacy noise: the
/// guarantee comes from DP-SGD's Gaussian noise alone; drawing it from the run's source keeps
/// <c>System.Random</c> away from everything released.
/// </summary>
internal sealed class GanNoise(BufferedRandom random)
{
    private double _spare = double.NaN;

    public BufferedRandom Uniform { get; } = random;

    /// <summary>A standard normal (Box–Muller; the second value is kept for the next call).</summary>
    public double Normal()
    {
        if (!double.IsNaN(_spare))
        {
            var s = _spare;
            _spare = double.NaN;
            return s;
        }
        var u = 1 - Uniform.NextDouble(); // (0, 1]
        var v = Uniform.NextDouble();
        var r = Math.Sqrt(-2 * Math.Log(u));
        _spare = r * Math.Sin(2 * Math.PI * v);
        return r * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>A standard Gumbel, −log(−log u) with u in (0, 1).</summary>
    public double Gumbel()
    {
        double u;
        do
        {
            u = Uniform.NextDouble();
        }
        while (u == 0);
        return -Math.Log(-Math.Log(u));
    }
}
