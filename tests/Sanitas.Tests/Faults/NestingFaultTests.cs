using System.Text;
using Sanitas.Anonymization;
using Sanitas.Cli;
using Sanitas.Configuration;
using Sanitas.Learning;
using Sanitas.Query;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Faults;

/// <summary>Issue 12, item 4: operator chains and deep YAML end in "nested too deeply" with the place, not a stack overflow.</summary>
public class NestingFaultTests
{
    private static string Chain(int terms) => "SELECT SUM(1" + string.Concat(Enumerable.Repeat("+1", terms)) + ") FROM Patients";

    [Fact]
    public void A_chain_of_sixty_thousand_additions_is_refused_at_its_place()
    {
        var error = Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse(Chain(60_000)));
        Assert.Contains("nested too deeply", error.Message);
        Assert.StartsWith("line 1, column ", error.Message);
        Assert.True(error.MessageWithExcerpt.Length < 400, "the excerpt must show the place, not the whole 120 KB line");
    }

    [Fact]
    public void Long_chains_of_every_operator_kind_and_of_joins_are_refused()
    {
        Assert.Contains("nested too deeply", Assert.Throws<SqlSyntaxException>(() =>
            SqlParser.Parse("SELECT COUNT(*) FROM T WHERE " + string.Join(" OR ", Enumerable.Repeat("a = 1", 5000)))).Message);
        Assert.Contains("nested too deeply", Assert.Throws<SqlSyntaxException>(() =>
            SqlParser.Parse("SELECT COUNT(*) FROM T" + string.Concat(Enumerable.Repeat(" JOIN T ON 1 = 1", 5000)))).Message);
        // Parenthesized chains inside chains: the total number of operators is capped too.
        var nested = new StringBuilder("SELECT SUM(");
        for (var i = 0; i < 150; i++)
        {
            nested.Append('(').Append(string.Join("+", Enumerable.Repeat("1", 100))).Append(")+");
        }
        nested.Append("1) FROM T");
        Assert.Contains("nested too deeply", Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse(nested.ToString())).Message);
    }

    [Fact]
    public void Ordinary_queries_still_parse()
    {
        SqlParser.Parse("SELECT SUM(" + string.Join("+", Enumerable.Repeat("Age", 150)) + ") FROM Patients");
        SqlParser.Parse("SELECT COUNT(*) FROM T WHERE " + string.Join(" AND ", Enumerable.Repeat("a = 1", 100)));
    }

    [Fact]
    public void The_query_command_exits_2_naming_line_and_column()
    {
        using var folder = new TempFolder();
        var metadata = folder.File("m.yaml");
        File.WriteAllText(metadata, "tables:\n  Patients:\n    privacyUnit: Id\n    maxRowsPerUnit: 1\n    columns:\n      Id: { type: integer, privacyUnit: true }\n");
        var run = CliRunner.Run("query", "--db", folder.File("x.sqlite"), "--metadata", metadata, "--analyst", "a", "--epsilon", "1", "--explain", Chain(60_000));
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("line 1, column ", run.Error);
        Assert.Contains("nested too deeply", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    public static TheoryData<string> Loaders => ["anonymization config", "DP metadata", "bounds"];

    [Theory]
    [MemberData(nameof(Loaders))]
    public void Fifty_thousand_open_brackets_are_refused_by_every_yaml_loader(string loader)
    {
        var text = "key: " + new string('[', 50_000);
        var error = Assert.Throws<ConfigException>(() =>
        {
            using var reader = new StringReader(text);
            _ = loader switch
            {
                "anonymization config" => (object)AnonymizationConfigLoader.Parse(reader, "deep.yaml"),
                "DP metadata" => MetadataLoader.Parse(reader, "deep.yaml"),
                _ => LearningBounds.Parse(reader, "deep.yaml"),
            };
        });
        Assert.Equal("deep.yaml", error.SourceName);
        Assert.Equal(1, error.Line);
        Assert.InRange(error.Column, 6 + YamlConfigLoader.MaxNesting - 2, 6 + YamlConfigLoader.MaxNesting + 1);
        Assert.Contains("nested too deeply", error.Message);
    }

    [Fact]
    public void Deep_block_nesting_is_refused_too()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            text.Append(' ', i * 2).Append('k').Append(i).Append(":\n");
        }
        var error = Assert.Throws<ConfigException>(() => AnonymizationConfigLoader.Parse(new StringReader(text.ToString()), "deep.yaml"));
        Assert.Contains("nested too deeply", error.Message);
        Assert.InRange(error.Line, YamlConfigLoader.MaxNesting - 1, YamlConfigLoader.MaxNesting + 2);
    }

    [Fact]
    public void The_anonymize_command_exits_2_on_deep_yaml()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("c.yaml"), "attributes: " + new string('[', 50_000));
        File.WriteAllText(folder.File("in.csv"), "a\n1\n");
        var run = CliRunner.Run("anonymize", "--config", folder.File("c.yaml"), "--input", folder.File("in.csv"), "--output", folder.File("out.csv"));
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("c.yaml, line 1, column ", run.Error);
        Assert.Contains("nested too deeply", run.Error);
        Assert.Equal(["c.yaml", "in.csv"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
    }
}
