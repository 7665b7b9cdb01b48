using System.Globalization;
using System.Text;
using Sanitas.Data;

namespace Sanitas.Collaboration;

/// <summary>
/// Writes the multi-centre seed workload: standard normal features x1…xF and a label y drawn from a known
/// logistic model (intercept −0.5, β_j = (−1)^j·0.8/√j), split evenly into site1.csv…siteN.csv, plus pooled.csv
/// with every row. Simulated, so it can be shared freely; seeded, so a seed gives the same files.
/// </summary>
public static class MulticentreSample
{
    /// <summary>The true coefficients (intercept first) of the simulated model.</summary>
    /// <param name="features">F.</param>
    /// <returns>F + 1 coefficients.</returns>
    public static double[] TrueCoefficients(int features) =>
        [-0.5, .. Enumerable.Range(1, features).Select(j => (j % 2 == 0 ? 1 : -1) * 0.8 / Math.Sqrt(j))];

    /// <summary>Writes the files (each atomically).</summary>
    /// <param name="options">Rows, features, sites, seed.</param>
    /// <param name="directory">The output folder.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The site files, then the pooled file.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(MulticentreSampleOptions options, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Rows < options.Sites * 10 || options.Features < 1 || options.Features > 1000 || options.Sites is < 2 or > 100)
        {
            throw new InvalidOptionException($"Need 2 to 100 sites, 1 to 1000 features and at least 10 rows per site; got {options.Sites} sites, {options.Features} features, {options.Rows} rows.");
        }
        var beta = TrueCoefficients(options.Features);
        var random = new Random(options.Seed); // simulation, not a release
        var header = string.Join(',', Enumerable.Range(1, options.Features).Select(j => $"x{j}").Append("y"));
        var lines = new string[options.Rows];
        var x = new double[options.Features];
        for (var i = 0; i < options.Rows; i++)
        {
            var s = beta[0];
            for (var j = 0; j < x.Length; j++)
            {
                x[j] = Math.Round(Normal(random), 6);
                s += beta[j + 1] * x[j];
            }
            var y = random.NextDouble() < LocalLogistic.Sigmoid(s) ? 1 : 0;
            lines[i] = string.Join(',', x.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "," + y.ToString(CultureInfo.InvariantCulture);
        }
        var files = new List<string>();
        for (var site = 0; site < options.Sites; site++)
        {
            var from = (int)((long)options.Rows * site / options.Sites);
            var to = (int)((long)options.Rows * (site + 1) / options.Sites);
            var path = Path.Combine(directory, $"site{site + 1}.csv");
            await AtomicFile.WriteAllTextAsync(path, Csv(header, lines.AsSpan(from, to - from)), secret: false, cancellationToken).ConfigureAwait(false);
            files.Add(path);
        }
        var pooled = Path.Combine(directory, "pooled.csv");
        await AtomicFile.WriteAllTextAsync(pooled, Csv(header, lines), secret: false, cancellationToken).ConfigureAwait(false);
        files.Add(pooled);
        return files;
    }

    private static string Csv(string header, ReadOnlySpan<string> lines)
    {
        var text = new StringBuilder(header.Length + (lines.Length * 120));
        text.Append(header).Append('\n');
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    private static double Normal(Random random)
    {
        var u = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
