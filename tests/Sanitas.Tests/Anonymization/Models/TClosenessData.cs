using Sanitas.Data;

namespace Sanitas.Tests.Anonymization.Models;

/// <summary>
/// The sensitive columns of test2.csv, the example of Li, Li and Venkatasubramanian 2007 (Table 3).
/// Salary (thousands) 3..11 once each; Disease: gastric ulcer 1, gastritis 2, stomach cancer 2,
/// flu 1, bronchitis 2, pneumonia 1 (of 9).
/// </summary>
internal static class TClosenessData
{
    public static string[] Salaries => Column("Salary");

    public static string[] Diseases => Column("Disease");

    public static ColumnType SalaryType => SmallData.Test2["Salary"].Type;

    private static string[] Column(string name)
    {
        var column = SmallData.Test2[name];
        return [.. Enumerable.Range(0, column.RowCount).Select(r => column[r]!)];
    }
}
