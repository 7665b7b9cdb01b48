using Sanitas.Query;

namespace Sanitas.Tests.Query.Parsing;

/// <summary>
/// ToSql prints canonical SQL with every identifier quoted and every nested operator in parentheses; parsing
/// it again gives an equal tree.
/// </summary>
public class SqlFormatterTests
{
    private static string Expr(string sql) => SqlParser.ParseExpression(sql).ToSql();

    [Theory]
    [InlineData("a + b * c", "\"a\" + (\"b\" * \"c\")")]
    [InlineData("(a + b) * c", "(\"a\" + \"b\") * \"c\"")]
    [InlineData("a - b - c", "(\"a\" - \"b\") - \"c\"")]
    [InlineData("a / b * c % d", "((\"a\" / \"b\") * \"c\") % \"d\"")]
    [InlineData("-a * b", "(-\"a\") * \"b\"")]
    [InlineData("- -2", "-(-2)")]
    [InlineData("a - -2", "\"a\" - (-2)")]
    [InlineData("NOT a = b AND c", "(NOT (\"a\" = \"b\")) AND \"c\"")]
    [InlineData("NOT (a = b AND c)", "NOT ((\"a\" = \"b\") AND \"c\")")]
    [InlineData("a OR b AND c", "\"a\" OR (\"b\" AND \"c\")")]
    [InlineData("a AND b OR c AND d", "(\"a\" AND \"b\") OR (\"c\" AND \"d\")")]
    [InlineData("a + 1 > b * 2", "(\"a\" + 1) > (\"b\" * 2)")]
    [InlineData("a = b + c", "\"a\" = (\"b\" + \"c\")")]
    [InlineData("'x' || a + 1", "'x' || (\"a\" + 1)")]
    [InlineData("a || b = c", "(\"a\" || \"b\") = \"c\"")]
    [InlineData("a = b IS NULL", "(\"a\" = \"b\") IS NULL")]
    [InlineData("NOT a IN (1, 2)", "NOT (\"a\" IN (1, 2))")]
    [InlineData("a + 1 BETWEEN b AND c * 2", "(\"a\" + 1) BETWEEN \"b\" AND (\"c\" * 2)")]
    [InlineData("a LIKE 'x%' OR b NOT LIKE 'y'", "(\"a\" LIKE 'x%') OR (\"b\" NOT LIKE 'y')")]
    [InlineData("a <> b AND a != c", "(\"a\" <> \"b\") AND (\"a\" <> \"c\")")]
    [InlineData("FLOOR(Age/5)*5", "FLOOR(\"Age\" / 5) * 5")]
    public void Precedence_shows_as_explicit_parentheses(string sql, string expected)
    {
        Assert.Equal(expected, Expr(sql));
        Assert.Equal(SqlParser.ParseExpression(sql), SqlParser.ParseExpression(expected));
    }

    [Fact]
    public void Study_query_prints_canonically()
    {
        Assert.Equal(
            "SELECT \"AgeGroup\", \"Disease\", COUNT(*) FROM (SELECT FLOOR(\"Age\" / 5) * 5 AS \"AgeGroup\", * FROM \"Patients\" "
            + "WHERE (\"Sex\" = 'male') AND (\"DiabetesType\" = 1)) AS \"GroupedResults\" GROUP BY \"AgeGroup\", \"Disease\"",
            SqlParser.Parse(SqlParserTests.StudyQuery).ToSql());
    }

    [Fact]
    public void Join_query_prints_canonically() =>
        Assert.Equal(
            "SELECT \"p\".\"Arm\", FLOOR(\"p\".\"Age\" / 10) * 10 AS \"AgeGroup\", AVG(\"r\".\"Temperature\") "
            + "FROM \"Readings\" AS \"r\" INNER JOIN \"Patients\" AS \"p\" ON \"r\".\"PatientId\" = \"p\".\"PatientId\" "
            + "GROUP BY \"p\".\"Arm\", FLOOR(\"p\".\"Age\" / 10) * 10",
            SqlParser.Parse(SqlParserTests.JoinQuery).ToSql());

    [Fact]
    public void Identifiers_and_strings_are_escaped()
    {
        Assert.Equal("\"Patient \"\"Id\"\"\"", SqlFormatter.QuoteIdentifier("Patient \"Id\""));
        Assert.Equal("'O''Brien'", SqlFormatter.QuoteString("O'Brien"));
        Assert.Equal(
            "SELECT \"a\"\"b\" AS \"x y\" FROM \"s\".\"t\" AS \"u\" WHERE \"c\" = 'it''s'",
            SqlParser.Parse("SELECT \"a\"\"b\" \"x y\" FROM \"s\".t u WHERE c = 'it''s'").ToSql());
    }

    [Theory]
    [InlineData("PERCENTILE_CONT(Temperature, 0.9)", "PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY \"Temperature\")")]
    [InlineData("var(x)", "VARIANCE(\"x\")")]
    [InlineData("stdev(x)", "STDDEV(\"x\")")]
    [InlineData("count(distinct PatientId)", "COUNT(DISTINCT \"PatientId\")")]
    [InlineData("1.5e3", "1500.0")]
    [InlineData("1e3", "1000.0")]
    [InlineData("0.50", "0.50")]
    [InlineData("true", "TRUE")]
    [InlineData("null", "NULL")]
    [InlineData("cast(x as integer)", "CAST(\"x\" AS INTEGER)")]
    [InlineData("case when a then 1 else 2 end", "CASE WHEN \"a\" THEN 1 ELSE 2 END")]
    [InlineData("case a when 1 then 'x' end", "CASE \"a\" WHEN 1 THEN 'x' END")]
    [InlineData("a is not null", "\"a\" IS NOT NULL")]
    [InlineData("x not between 1 and 2", "\"x\" NOT BETWEEN 1 AND 2")]
    [InlineData("s like 'a!%' escape '!'", "\"s\" LIKE 'a!%' ESCAPE '!'")]
    public void Expressions_print_in_canonical_form(string sql, string expected) => Assert.Equal(expected, Expr(sql));

    [Theory]
    [InlineData(SqlParserTests.StudyQuery)]
    [InlineData(SqlParserTests.JoinQuery)]
    [InlineData("SELECT Comorbidity, COUNT(DISTINCT PatientId) FROM Comorbidities GROUP BY Comorbidity")]
    [InlineData("SELECT MEDIAN(Age) FROM Patients")]
    [InlineData("SELECT PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY Temperature) FROM Readings")]
    [InlineData("SELECT DISTINCT Arm FROM Patients WHERE Age BETWEEN 40 AND 60 AND Sex IN ('male', 'female') ORDER BY Arm DESC LIMIT 2")]
    [InlineData("SELECT Arm, AVG(Age) a, SUM(CASE WHEN UlcerHistory THEN 1 ELSE 0 END) FROM Patients GROUP BY Arm HAVING COUNT(*) >= 5 ORDER BY a")]
    [InlineData("SELECT r.*, -r.Temperature, 'a' || r.Foot FROM Readings r LEFT JOIN (SELECT PatientId FROM Patients) q ON r.PatientId = q.PatientId WHERE NOT r.Foot LIKE 'L%' OR r.Sensor IS NULL")]
    [InlineData("SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x")]
    [InlineData("SELECT CAST(Age AS DECIMAL(5,1)) / 2.5, ROUND(STDDEV(Temperature), 2) FROM \"Readings\" WHERE Time >= '2024-01-01' AND - - Age < +3")]
    public void Parse_print_parse_gives_an_equal_tree(string sql)
    {
        var tree = SqlParser.Parse(sql);
        var printed = tree.ToSql();
        var reparsed = SqlParser.Parse(printed);

        Assert.Equal(tree, reparsed);
        Assert.Equal(tree.GetHashCode(), reparsed.GetHashCode());
        Assert.Equal(printed, reparsed.ToSql());
    }

    [Fact]
    public void Spans_do_not_take_part_in_equality()
    {
        var a = SqlParser.ParseExpression("x + 1");
        var b = SqlParser.ParseExpression("  x   +   1");
        Assert.NotEqual(a.Span, b.Span);
        Assert.Equal(a, b);
        Assert.NotEqual(a, SqlParser.ParseExpression("x + 2"));
        Assert.NotEqual<SqlExpression>(new IntegerLiteral(1), new DecimalLiteral(1m));
    }

    [Fact]
    public void Nodes_built_in_code_format_too()
    {
        var statement = new SelectStatement(
            false,
            [new SelectItem(new AggregateCall(AggregateFunction.Count, new StarExpression(null), false, null), "n")],
            new TableReference(null, "Patients", null),
            new BinaryExpression(BinaryOperator.Equal, new ColumnReference(null, "Arm"), new StringLiteral("control")),
            [],
            null,
            [],
            10);
        Assert.Equal("SELECT COUNT(*) AS \"n\" FROM \"Patients\" WHERE \"Arm\" = 'control' LIMIT 10", SqlFormatter.Format(statement));
        Assert.True(statement.Span.IsUnknown);
    }
}
