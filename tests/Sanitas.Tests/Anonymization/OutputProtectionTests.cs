using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Tests.Anonymization;

/// <summary>
/// "The output really is protected": Adult is anonymized, then the released table is checked without
/// the engine, by grouping its rows on the quasi-identifiers' strings with LINQ and testing every
/// class against every configured model from scratch.
/// </summary>
public class OutputProtectionTests
{
    private const string Id = "record-id";

    public static TheoryData<string> Configs => new(["k5-4%", "k100-0%", "k5-distinct3-4%", "k5-equalt0.2-4%"]);

    [Theory]
    [MemberData(nameof(Configs))]
    public void Every_released_class_satisfies_every_model(string name)
    {
        var (models, suppression, sensitive) = name switch
        {
            "k5-4%" => ((PrivacyModel[])[new KAnonymity(5)], 0.04, false),
            "k100-0%" => ([new KAnonymity(100)], 0.0, false),
            "k5-distinct3-4%" => ([new KAnonymity(5), new DistinctLDiversity("occupation", 3)], 0.04, true),
            "k5-equalt0.2-4%" => ([new KAnonymity(5), new EqualDistanceTCloseness("occupation", 0.2)], 0.04, true),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var input = AnonymizerArxTests.Adult;
        input = input.WithColumn(Column.FromValues(Id, Enumerable.Range(0, input.RowCount).Select(i => $"p{i}")));
        var config = AnonymizerArxTests.AdultConfig(sensitive, models, suppression, UtilityMetric.NonUniformEntropy);
        var attributes = config.Attributes.ToDictionary();
        attributes[Id] = new AttributeSettings(AttributeRole.Identifying);
        config = config with { Attributes = attributes };

        var result = Anonymizer.Anonymize(input, config);
        var output = result.Output;
        var rows = input.RowCount;

        // Identifying columns are gone; every other column is kept, in order.
        Assert.Equal(input.ColumnNames.Where(n => n != Id), output.ColumnNames);
        Assert.Equal(rows, output.RowCount);

        var qis = attributes.Where(a => a.Value.Role == AttributeRole.QuasiIdentifying).Select(a => a.Key).ToArray();
        var levels = result.Transformation.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(qis.Order(), levels.Keys.Order());

        // Suppressed rows: '*' in every quasi-identifier; at most floor(limit · rows) of them.
        var suppressed = Enumerable.Range(0, rows).Where(r => qis.All(q => output[q][r] == "*")).ToHashSet();
        Assert.True(suppressed.Count <= (int)Math.Floor(suppression * rows), $"{suppressed.Count} suppressed rows exceed the limit");
        Assert.Equal(result.SuppressedRecords, suppressed.Count);

        // Released rows: each QI is the hierarchy's value at the reported level; other columns are unchanged.
        foreach (var q in qis)
        {
            var hierarchy = attributes[q].Hierarchy!;
            for (var r = 0; r < rows; r++)
            {
                if (!suppressed.Contains(r))
                {
                    Assert.Equal(hierarchy.Generalize(input[q][r], levels[q]), output[q][r]);
                }
            }
        }
        foreach (var column in output.ColumnNames.Except(qis))
        {
            for (var r = 0; r < rows; r++)
            {
                Assert.Equal(input[column][r], output[column][r]);
            }
        }

        // Every released class, recounted from the output's strings.
        var classes = Enumerable.Range(0, rows)
            .Where(r => !suppressed.Contains(r))
            .GroupBy(r => string.Join("\u001f", qis.Select(q => output[q][r])))
            .ToList();
        Assert.Equal(result.EquivalenceClasses, classes.Count);
        var occupation = input["occupation"];
        var global = Enumerable.Range(0, rows).GroupBy(r => occupation[r]).ToDictionary(g => g.Key ?? "", g => g.Count() / (double)rows);
        foreach (var cls in classes)
        {
            var size = cls.Count();
            foreach (var model in models)
            {
                switch (model)
                {
                    case KAnonymity k:
                        Assert.True(size >= k.K, $"class of {size} < k = {k.K}");
                        break;
                    case DistinctLDiversity l:
                        Assert.True(cls.Select(r => output[l.Attribute][r]).Distinct().Count() >= l.L, $"class of {size} has fewer than {l.L} occupations");
                        break;
                    case EqualDistanceTCloseness t:
                        // EMD = ½ Σ_v |p_v − q_v| over all occupations of the input.
                        var local = cls.GroupBy(r => output[t.Attribute][r] ?? "").ToDictionary(g => g.Key, g => g.Count() / (double)size);
                        var emd = 0.5 * global.Keys.Union(local.Keys).Sum(v => Math.Abs(local.GetValueOrDefault(v) - global.GetValueOrDefault(v)));
                        Assert.True(emd <= t.T + 1e-12, $"class of {size} is at distance {emd} > {t.T}");
                        break;
                    default:
                        throw new InvalidOperationException(model.Name);
                }
            }
        }
        Assert.Equal(classes.Min(c => c.Count()), result.SmallestClass);
    }
}
