using System.Globalization;
using System.Text.Json;
using Sanitas.Query;

namespace Sanitas.Cli.Rendering;

/// <summary>Prints a <see cref="DpQueryExplanation"/> (<c>sanitas query --explain</c>) as a table or as JSON.</summary>
internal static class QueryExplanationView
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(ICliConsole console, DpQueryExplanation explanation, bool json)
    {
        if (json)
        {
            console.WriteData(JsonSerializer.Serialize(explanation, Json));
            return;
        }
        var e = explanation;
        console.WriteLine(Invariant($"Would cost ε {e.Epsilon:G6}{(e.Delta > 0 ? Invariant($", δ {e.Delta:G3} (partition selection ε {e.SelectionEpsilon:G6})") : "")}; nothing charged, no data read."));
        console.WriteLine(Invariant($"Privacy unit {e.PrivacyUnit}: at most R = {e.MaxRowsPerUnit:N0} rows in G = {e.MaxGroupsPerUnit:N0} groups per person{(e.MaxRowsPerGroup < e.MaxRowsPerUnit ? Invariant($", R_g = {e.MaxRowsPerGroup:N0} rows per group") : "")}."));
        console.WriteLine($"Bounds: {e.Bounding}.");
        var keys = string.Join(", ", e.Keys.Select(k => k.IsPrivate ? $"{k.Expression} (private)" : Invariant($"{k.Expression} ({k.DomainSize:N0} public values)")));
        console.WriteLine(e.GroupCount is { } groups
            ? Invariant($"Groups released: {groups:N0}{(keys.Length > 0 ? " = " + keys : "")}.")
            : Invariant($"Groups released: those whose noisy count of persons reaches τ = {e.SelectionThreshold:N0} (partition selection; τ comes from ε_sel, δ and min(R, G) = {Math.Min(e.MaxRowsPerUnit, e.MaxGroupsPerUnit):N0}, not from the data); groups under it are not shown; keys {keys}."));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var a in e.Aggregates)
        {
            var bounds = a.Lower is { } l && a.Upper is { } u ? Invariant($"[{l:G6}, {u:G6}]") : "";
            var released = a.HalfWidth is { } hw ? $"± {Number(hw)}{(a.IntervalUnits == "rank" ? " ranks" : "")}" : "depends on count";
            for (var i = 0; i < a.Noises.Count; i++)
            {
                var n = a.Noises[i];
                var mechanism = n.Mechanism switch
                {
                    "laplace" => Invariant($"Laplace, grid 2^{Math.ILogB(n.GridStep ?? 1)}"),
                    "exponential" => Invariant($"exponential, {n.Candidates:N0} candidates"),
                    _ => n.Mechanism,
                };
                var noiseInterval = Invariant($"± {Number(n.HalfWidth)}{(Math.Abs(n.Confidence - 0.95) > 1e-9 ? Invariant($" ({n.Confidence * 100:0.#}%)") : "")}");
                rows.Add([i == 0 ? a.Function : "", i == 0 ? bounds : "", n.Releases, mechanism, Number(n.Sensitivity), Number(n.Epsilon),
                    n.Scale is { } b ? Number(b) : "", noiseInterval, i == 0 ? released : ""]);
            }
        }
        console.WriteTable(["aggregate", "bounds", "noisy value", "mechanism", "Δ", "ε", "scale b", "noise 95%", "released 95%"], rows);
        foreach (var a in e.Aggregates.Where(a => a.HalfWidth is null || a.IntervalUnits == "rank"))
        {
            console.WriteLine($"{a.Function}: {a.Interval}.");
        }
        console.WriteLine("Intervals are for the noise only (not sampling error), per released group. Run without --explain to spend the ε.");
    }

    /// <summary>Three decimals as in a release's intervals, with thousands separators; five below 1 (ε shares).</summary>
    private static string Number(double value) => value.ToString(Math.Abs(value) >= 1 ? "#,0.###" : "0.#####", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
