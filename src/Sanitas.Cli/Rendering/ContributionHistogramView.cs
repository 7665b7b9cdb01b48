using System.Globalization;
using System.Text.Json;
using Sanitas.Query;

namespace Sanitas.Cli.Rendering;

/// <summary>Prints a <see cref="ContributionHistogram"/> (<c>sanitas query --rows-per-person</c>) as tables or as JSON.</summary>
internal static class ContributionHistogramView
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(ICliConsole console, ContributionHistogram histogram, bool json)
    {
        if (json)
        {
            console.WriteData(JsonSerializer.Serialize(histogram, Json));
            return;
        }
        Table(console, $"rows per person ({histogram.PrivacyUnit}) in {histogram.Table}", histogram.Rows);
        if (histogram.Groups is { } groups)
        {
            Table(console, $"distinct {histogram.GroupColumn} per person", groups);
        }
        console.WriteLine(Invariant($"ε spent {histogram.EpsilonSpent:G6}, remaining {histogram.EpsilonRemaining:G6}. Persons per bucket are noisy (95% interval ± the half-width, the same for every bucket); a bound R or G cuts the persons in the buckets above it."));
    }

    private static void Table(ICliConsole console, string title, IReadOnlyList<ContributionBucket> buckets)
    {
        console.WriteLine(title + ":");
        console.WriteTable(["count", "persons"], buckets.Select(b => (IReadOnlyList<string>)
        [
            b.To is not { } to ? Invariant($"> {b.From - 1:N0}") : to == b.From ? Invariant($"{to:N0}") : Invariant($"{b.From:N0}–{to:N0}"),
            Invariant($"{b.Persons:0} ± {b.HalfWidth:0.#}"),
        ]));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
