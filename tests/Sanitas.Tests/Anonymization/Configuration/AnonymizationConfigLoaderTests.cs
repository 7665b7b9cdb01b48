using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Data;

namespace Sanitas.Tests.Anonymization.Configuration;

public class AnonymizationConfigLoaderTests
{
    private static readonly string AdultFolder = Path.GetDirectoryName(TestData.Adult("adult.csv"))!;

    internal static LoadedAnonymizationConfig Parse(string yaml, string? baseDirectory = null) =>
        AnonymizationConfigLoader.Parse(new StringReader(yaml), "test.yaml", baseDirectory ?? AdultFolder);

    private static ConfigException ParseError(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    /// <summary>A small table with the columns the configurations below name.</summary>
    private static Table Small(int rows = 6)
    {
        string[] occupations = ["Sales", "Tech-support", "Craft-repair", "Sales", "Exec-managerial", "Tech-support"];
        string[] ages = ["39", "50", "38", "53", "28", "37"];
        return new Table(
        [
            Column.FromValues("name", Enumerable.Range(0, rows).Select(i => $"N{i}")),
            Column.FromValues("age", Enumerable.Range(0, rows).Select(i => ages[i % 6])),
            Column.FromValues("zip", Enumerable.Range(0, rows).Select(i => $"4767{i % 10}")),
            Column.FromValues("occupation", Enumerable.Range(0, rows).Select(i => occupations[i % 6])),
            Column.FromValues("salary-class", Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? "<=50K" : ">50K")),
        ]);
    }

    private const string FullExample = """
        delimiter: ";"
        attributes:
          age:        { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }
          zip:        { role: quasi-identifying, hierarchy: { masking: { } } }
          occupation: { role: sensitive }
          salary-class: { role: insensitive }
          name:       { role: identifying }
        privacy:
          - k-anonymity: { k: 2 }
          - distinct-l-diversity: { attribute: occupation, l: 2 }
          - entropy-l-diversity: { attribute: occupation, l: 1.5, estimator: grassberger }
          - recursive-cl-diversity: { attribute: occupation, c: 4, l: 2 }
          - equal-distance-t-closeness: { attribute: occupation, t: 0.2 }
          - hierarchical-distance-t-closeness: { attribute: occupation, t: 0.3, hierarchy: adult_hierarchy_occupation.csv }
          - ordered-distance-t-closeness: { attribute: occupation, t: 0.4 }
        suppressionLimit: 0.04
        metric: discernibility
        practicalMonotonicity: true
        search: heuristic
        timeLimit: 12.5
        optimalSearchLimit: 1000
        """;

    [Fact]
    public void Parses_every_key_and_model()
    {
        var loaded = Parse(FullExample);
        Assert.Equal(';', loaded.Delimiter);
        Assert.Equal(["age", "zip", "occupation", "salary-class", "name"], loaded.AttributeNames);
        var config = loaded.Resolve(Small());

        Assert.Equal(AttributeRole.QuasiIdentifying, config.Attributes["age"].Role);
        Assert.Equal(5, config.Attributes["age"].Hierarchy!.LevelCount);
        Assert.Equal(AttributeRole.QuasiIdentifying, config.Attributes["zip"].Role);
        Assert.Equal("4767*", config.Attributes["zip"].Hierarchy!.Generalize("47673", 1));
        Assert.Equal(AttributeRole.Sensitive, config.Attributes["occupation"].Role);
        Assert.Null(config.Attributes["occupation"].Hierarchy);
        Assert.Equal(AttributeRole.Insensitive, config.Attributes["salary-class"].Role);
        Assert.Equal(AttributeRole.Identifying, config.Attributes["name"].Role);

        Assert.Equal(7, config.Models.Count);
        Assert.Equal(new KAnonymity(2), config.Models[0]);
        Assert.Equal(new DistinctLDiversity("occupation", 2), config.Models[1]);
        Assert.Equal(new EntropyLDiversity("occupation", 1.5, EntropyEstimator.Grassberger), config.Models[2]);
        Assert.Equal(new RecursiveCLDiversity("occupation", 4, 2), config.Models[3]);
        Assert.Equal(new EqualDistanceTCloseness("occupation", 0.2), config.Models[4]);
        var hierarchical = Assert.IsType<HierarchicalDistanceTCloseness>(config.Models[5]);
        Assert.Equal(("occupation", 0.3, 3), (hierarchical.Attribute, hierarchical.T, hierarchical.Hierarchy.LevelCount));
        Assert.Equal(new OrderedDistanceTCloseness("occupation", 0.4), config.Models[6]);

        Assert.Equal(0.04, config.SuppressionLimit);
        Assert.Equal(UtilityMetric.Discernibility, config.Metric);
        Assert.True(config.PracticalMonotonicity);
        Assert.Equal(SearchMode.Heuristic, config.Search);
        Assert.Equal(TimeSpan.FromSeconds(12.5), config.HeuristicTimeLimit);
        Assert.Equal(1000, config.OptimalSearchLimit);
    }

    [Fact]
    public void Defaults_apply_when_optional_keys_are_absent()
    {
        var loaded = Parse("""
            attributes:
              age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }
            privacy:
              - k-anonymity: { k: 2 }
            """);
        Assert.Null(loaded.Delimiter);
        Assert.Null(loaded.Input);
        Assert.Null(loaded.Output);
        var config = loaded.Resolve(Small());
        Assert.Equal(0, config.SuppressionLimit);
        Assert.Equal(UtilityMetric.NonUniformEntropy, config.Metric);
        Assert.Equal(SearchMode.Auto, config.Search);
        Assert.False(config.PracticalMonotonicity);
    }

    [Fact]
    public void Entropy_estimator_defaults_to_shannon()
    {
        var loaded = Parse("""
            attributes:
              age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }
              occupation: sensitive
            privacy:
              - entropy-l-diversity: { attribute: occupation, l: 2 }
            """);
        Assert.Equal(new EntropyLDiversity("occupation", 2, EntropyEstimator.Shannon), loaded.Resolve(Small()).Models[0]);
    }

    [Theory]
    [InlineData("non-uniform-entropy", UtilityMetric.NonUniformEntropy)]
    [InlineData("non-uniform-entropy-non-monotonic", UtilityMetric.NonUniformEntropyNonMonotonic)]
    [InlineData("discernibility", UtilityMetric.Discernibility)]
    [InlineData("discernibility-monotonic", UtilityMetric.DiscernibilityMonotonic)]
    [InlineData("loss", UtilityMetric.Loss)]
    [InlineData("precision", UtilityMetric.Precision)]
    [InlineData("aecs", UtilityMetric.AverageClassSize)]
    [InlineData("height", UtilityMetric.Height)]
    public void Parses_every_metric(string name, UtilityMetric metric)
    {
        var loaded = Parse($"""
            attributes: {"{"} age: {"{"} role: quasi-identifier, hierarchy: adult_hierarchy_age.csv {"}"} {"}"}
            privacy: [ k-anonymity: {"{"} k: 2 {"}"} ]
            metric: {name}
            """);
        Assert.Equal(metric, loaded.Metric);
    }

    [Theory]
    [InlineData("auto", SearchMode.Auto)]
    [InlineData("optimal", SearchMode.Optimal)]
    [InlineData("heuristic", SearchMode.Heuristic)]
    [InlineData("lightning", SearchMode.Lightning)]
    [InlineData("genetic", SearchMode.Genetic)]
    public void Parses_every_search_mode(string name, SearchMode mode)
    {
        var loaded = Parse($"""
            attributes: {"{"} age: {"{"} role: quasi-identifier, hierarchy: adult_hierarchy_age.csv {"}"} {"}"}
            privacy: [ k-anonymity: {"{"} k: 2 {"}"} ]
            search: {name}
            """);
        Assert.Equal(mode, loaded.Search);
    }

    [Theory]
    [InlineData("identifying", AttributeRole.Identifying)]
    [InlineData("quasi-identifier", AttributeRole.QuasiIdentifying)]
    [InlineData("quasi-identifying", AttributeRole.QuasiIdentifying)]
    [InlineData("sensitive", AttributeRole.Sensitive)]
    [InlineData("insensitive", AttributeRole.Insensitive)]
    public void Parses_every_role(string name, AttributeRole role)
    {
        var loaded = Parse($"""
            attributes:
              age: {"{"} role: quasi-identifier, hierarchy: adult_hierarchy_age.csv {"}"}
              occupation: {"{"} role: {name}, hierarchy: adult_hierarchy_occupation.csv {"}"}
              salary-class: {"{"} role: {name}, hierarchy: adult_hierarchy_salary-class.csv {"}"}
            privacy: [ k-anonymity: {"{"} k: 2 {"}"} ]
            """);
        var config = loaded.Resolve(Small());
        Assert.Equal(role, config.Attributes["occupation"].Role);
        Assert.Equal(role, config.Attributes["salary-class"].Role);
    }

    [Fact]
    public void A_bare_role_is_a_shorthand()
    {
        var loaded = Parse("attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\n  occupation: sensitive\n  name: identifying\nprivacy: [ k-anonymity: { k: 2 } ]\n");
        var config = loaded.Resolve(Small());
        Assert.Equal(AttributeRole.Sensitive, config.Attributes["occupation"].Role);
        Assert.Equal(AttributeRole.Identifying, config.Attributes["name"].Role);
    }

    private static Hierarchy Built(string hierarchy, params string[] values)
    {
        var loaded = Parse($$"""
            attributes:
              v: { role: quasi-identifier, hierarchy: {{hierarchy}} }
            privacy: [ k-anonymity: { k: 1 } ]
            """);
        return loaded.Resolve(new Table([Column.FromValues("v", values)])).Attributes["v"].Hierarchy!;
    }

    [Fact]
    public void Builds_interval_hierarchies()
    {
        var h = Built("{ intervals: [5, 10, 20] }", "3", "17", "42");
        Assert.Equal(["17", "[15, 20[", "[10, 20[", "[0, 20[", "*"], h.Rows[1]);
        var bounded = Built("{ intervals: [10], origin: 5, bottom: 10, top: 40 }", "3", "17", "42");
        Assert.Equal(["3", "<10", "*"], bounded.Rows[0]);
        Assert.Equal(["17", "[15, 25[", "*"], bounded.Rows[1]);
        Assert.Equal(["42", ">=40", "*"], bounded.Rows[2]);
    }

    [Fact]
    public void Builds_date_hierarchies()
    {
        var h = Built("{ dates: [month, year, decade] }", "1957-03-14");
        Assert.Equal(["1957-03-14", "1957-03", "1957", "1950-1959", "*"], h.Rows[0]);
        var quarters = Built("{ dates: [quarter, year], format: dd.MM.yyyy }", "14.03.1957");
        Assert.Equal(["14.03.1957", "1957-Q1", "1957", "*"], quarters.Rows[0]);
        var defaults = Built("{ dates: }", "1957-03-14");
        Assert.Equal(5, defaults.LevelCount);
    }

    [Fact]
    public void Builds_masking_hierarchies()
    {
        var h = Built("{ masking: { } }", "47677", "47678");
        Assert.Equal(["47677", "4767*", "476**", "47***", "4****", "*****"], h.Rows[0]);
        var three = Built("{ masking: { levels: [1, 2, 3] } }", "47677");
        Assert.Equal(["47677", "4767*", "476**", "47***", "*"], three.Rows[0]);
        var left = Built("{ masking: { direction: left-to-right, mask: '#', levels: [2] } }", "47677");
        Assert.Equal(["47677", "##677", "*"], left.Rows[0]);
    }

    [Fact]
    public void Builds_grouping_hierarchies()
    {
        var h = Built("{ grouping: [ { Married-civ-spouse: Married, Divorced: Single, Never-married: Single }, { Married: Partnered, Single: Alone } ] }",
            "Divorced", "Married-civ-spouse");
        Assert.Equal(["Divorced", "Single", "Alone", "*"], h.Rows[0]);
        var simple = Built("{ grouping: [ { male: '*', female: '*' } ] }", "male", "female");
        Assert.Equal(["male", "*"], simple.Rows[0]);
    }

    [Fact]
    public void Hierarchy_files_are_relative_to_the_configuration_and_may_name_a_delimiter()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("h.csv"), "a,x,*\nb,x,*\n");
        var loaded = Parse("""
            attributes:
              v: { role: quasi-identifier, hierarchy: { file: h.csv, delimiter: "," } }
            privacy: [ k-anonymity: { k: 1 } ]
            """, folder.Path);
        var h = loaded.Resolve(new Table([Column.FromValues("v", ["a", "b"])])).Attributes["v"].Hierarchy!;
        Assert.Equal(["a", "x", "*"], h.Rows[0]);
    }

    [Fact]
    public void Input_output_and_report_are_relative_to_the_configuration()
    {
        var loaded = Parse("""
            input: in.csv
            output: out/out.csv
            report: r.json
            attributes: { age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv } }
            privacy: [ k-anonymity: { k: 2 } ]
            """);
        Assert.Equal(Path.Combine(AdultFolder, "in.csv"), loaded.Input);
        Assert.Equal(Path.Combine(AdultFolder, "out", "out.csv"), loaded.Output);
        Assert.Equal(Path.Combine(AdultFolder, "r.json"), loaded.Report);
    }

    [Fact]
    public void Load_reads_the_sample_configurations()
    {
        var k5 = AnonymizationConfigLoader.Load(TestData.Adult("adult-k5.yaml"));
        Assert.Equal(9, k5.AttributeNames.Count);
        var ld = AnonymizationConfigLoader.Load(TestData.Adult("adult-ldiversity.yaml"));
        Assert.Equal(8, ld.Resolve(AnonymizerArxTests.Adult).Attributes.Count(a => a.Value.Role == AttributeRole.QuasiIdentifying));
        var clinical = AnonymizationConfigLoader.Load(Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "patients.yaml"));
        var patients = CsvReader.Read(Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "patients.csv"));
        var config = clinical.Resolve(patients);
        Assert.Equal(3, config.Attributes.Count(a => a.Value.Role == AttributeRole.QuasiIdentifying));
    }

    // Each invalid configuration, the 1-based line and column the error must name, and a part of the reason.
    public static readonly TheoryData<string, int, int, string> Errors = new()
    {
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy: [ k-anonymity: { k: 2 } ]\nsupression: 0.1\n", 4, 1, "unknown key 'supression'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\n  sex: { role: secret }\nprivacy: [ k-anonymity: { k: 2 } ]\n", 3, 16, "unknown role 'secret'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy:\n  - k-anon: { k: 2 }\n", 4, 5, "unknown privacy model 'k-anon'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy: [ k-anonymity: { k: 2 } ]\nmetric: entropy\n", 4, 9, "unknown metric 'entropy'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy:\n  - k-anonymity: { }\n", 4, 5, "needs the parameter 'k'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\n  occupation: sensitive\nprivacy:\n  - distinct-l-diversity: { attribute: occupation }\n", 5, 5, "needs the parameter 'l'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\n  occupation: sensitive\nprivacy:\n  - equal-distance-t-closeness: { attribute: occupation }\n", 5, 5, "needs the parameter 't'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy:\n  - distinct-l-diversity: { l: 2 }\n", 4, 5, "needs the parameter 'attribute'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy:\n  - k-anonymity: { k: five }\n", 4, 23, "'k' must be a whole number, got 'five'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy: [ k-anonymity: { k: 2 } ]\nsuppressionLimit: lots\n", 4, 19, "'suppressionLimit' must be a number" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy: [ k-anonymity: { k: 2 } ]\npracticalMonotonicity: maybe\n", 4, 24, "must be true or false" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: missing.csv }\nprivacy: [ k-anonymity: { k: 2 } ]\n", 2, 45, "hierarchy file not found: " },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy:\n  - distinct-l-diversity: { attribute: job, l: 2 }\n", 4, 40, "names the attribute 'job', which is not declared" },
        { "attributes:\n  age: { role: quasi-identifier }\nprivacy: [ k-anonymity: { k: 2 } ]\n", 2, 3, "needs a 'hierarchy'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv, levels: 3 }\nprivacy: [ k-anonymity: { k: 2 } ]\n", 2, 70, "unknown key 'levels'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: { intervals: [5], format: x } }\nprivacy: [ k-anonymity: { k: 2 } ]\n", 2, 63, "'format' does not apply to a intervals hierarchy" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: { intervals: [5, 7] } }\nprivacy: [ k-anonymity: { k: 2 } ]\n", 2, 45, "invalid intervals hierarchy" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: { dates: [fortnight] } }\nprivacy: [ k-anonymity: { k: 2 } ]\n", 2, 55, "unknown date level 'fortnight'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy:\n  - k-anonymity: { k: 0 }\n", 4, 5, "k" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy: []\n", 3, 10, "at least one privacy model" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\n", 1, 1, "missing required key 'privacy'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv\nprivacy: [ k-anonymity: { k: 2 } ]\n", 2, 43, "malformed YAML" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy: [ k-anonymity: { k: 2 } ]\nsearch: fast\n", 4, 9, "unknown search 'fast'" },
        { "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\n  occupation: sensitive\nprivacy:\n  - entropy-l-diversity: { attribute: occupation, l: 2, estimator: miller }\n", 5, 68, "unknown entropy estimator 'miller'" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Errors_name_file_line_and_column(string yaml, int line, int column, string reason)
    {
        var e = ParseError(yaml);
        Assert.Equal("test.yaml", e.SourceName);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.StartsWith($"test.yaml, line {line}, column {column}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_hierarchy_file_is_named_as_resolved()
    {
        var e = ParseError("attributes:\n  age: { role: quasi-identifier, hierarchy: sub/missing.csv }\nprivacy: [ k-anonymity: { k: 2 } ]\n");
        Assert.Contains(Path.Combine(AdultFolder, "sub", "missing.csv"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_column_is_reported_at_resolve_with_the_table_columns()
    {
        var loaded = Parse("attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\n  agee: insensitive\nprivacy: [ k-anonymity: { k: 2 } ]\n");
        var e = Assert.Throws<ConfigException>(() => loaded.Resolve(Small(), "small.csv"));
        Assert.Equal((3, 3), (e.Line, e.Column));
        Assert.Contains("'agee' is not a column of 'small.csv'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Columns: name, age, zip, occupation, salary-class", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void K_larger_than_the_table_is_reported_at_the_model()
    {
        var loaded = Parse("attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\nprivacy:\n  - k-anonymity: { k: 10 }\n");
        var e = Assert.Throws<ConfigException>(() => loaded.Resolve(Small()));
        Assert.Equal((4, 5), (e.Line, e.Column));
        Assert.Contains("at least 10 records", e.Message, StringComparison.Ordinal);
        Assert.Contains("only 6", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_rejecting_a_value_is_reported_at_the_hierarchy()
    {
        var loaded = Parse("attributes:\n  age: { role: quasi-identifier, hierarchy: { dates: [year] } }\nprivacy: [ k-anonymity: { k: 1 } ]\n");
        var e = Assert.Throws<ConfigException>(() => loaded.Resolve(Small()));
        Assert.Equal((2, 45), (e.Line, e.Column));
        Assert.Contains("attribute 'age'", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a date", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_configuration_is_an_error()
    {
        var e = ParseError("");
        Assert.Equal((1, 1), (e.Line, e.Column));
    }
}
