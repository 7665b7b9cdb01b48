using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// A table of distinct tuples, each standing for <see cref="Multiplicities"/>[row] records:
/// what the search needs of a table too big to hold row by row.
/// </summary>
/// <param name="Table">The distinct tuples of the grouped columns, plus one constant placeholder column per declared attribute the search does not read.</param>
/// <param name="Multiplicities">How many records each tuple stands for.</param>
/// <param name="Records">The number of records (the sum of the multiplicities).</param>
internal sealed record GroupedTable(Table Table, int[] Multiplicities, int Records);
