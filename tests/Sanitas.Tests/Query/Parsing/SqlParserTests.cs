using Sanitas.Query;

namespace Sanitas.Tests.Query.Parsing;

/// <summary>The queries of the trial parse into the expected trees, with positions on every node.</summary>
public class SqlParserTests
{
    /// <summary>The study's query from issue 3, verbatim.</summary>
    internal const string StudyQuery = """
        SELECT AgeGroup, Disease, COUNT(*) FROM (
          SELECT FLOOR(Age/5)*5 AS AgeGroup, * FROM Patients
          WHERE Sex = 'male' AND DiabetesType = 1
        ) GroupedResults GROUP BY AgeGroup, Disease
        """;

    internal const string JoinQuery =
        "SELECT p.Arm, FLOOR(p.Age/10)*10 AS AgeGroup, AVG(r.Temperature) FROM Readings r JOIN Patients p ON r.PatientId = p.PatientId GROUP BY p.Arm, FLOOR(p.Age/10)*10";

    private static ColumnReference Col(string name) => new(null, name);

    private static ColumnReference Col(string qualifier, string name) => new(qualifier, name);

    private static SqlExpression Where(string sql) => SqlParser.Parse("SELECT 1 FROM t WHERE " + sql).Where!;

    private static SqlExpression Item(string sql) => SqlParser.Parse("SELECT " + sql + " FROM t").Items[0].Expression;

    [Fact]
    public void Study_query_parses_verbatim()
    {
        var statement = SqlParser.Parse(StudyQuery);

        var inner = new SelectStatement(
            false,
            [
                new SelectItem(
                    new BinaryExpression(
                        BinaryOperator.Multiply,
                        new FunctionCall("FLOOR", [new BinaryExpression(BinaryOperator.Divide, Col("Age"), new IntegerLiteral(5))]),
                        new IntegerLiteral(5)),
                    "AgeGroup"),
                new SelectItem(new StarExpression(null), null),
            ],
            new TableReference(null, "Patients", null),
            new BinaryExpression(
                BinaryOperator.And,
                new BinaryExpression(BinaryOperator.Equal, Col("Sex"), new StringLiteral("male")),
                new BinaryExpression(BinaryOperator.Equal, Col("DiabetesType"), new IntegerLiteral(1))),
            [],
            null,
            [],
            null);
        var expected = new SelectStatement(
            false,
            [
                new SelectItem(Col("AgeGroup"), null),
                new SelectItem(Col("Disease"), null),
                new SelectItem(new AggregateCall(AggregateFunction.Count, new StarExpression(null), false, null), null),
            ],
            new SubquerySource(inner, "GroupedResults"),
            null,
            [Col("AgeGroup"), Col("Disease")],
            null,
            [],
            null);

        Assert.Equal(expected, statement);
        Assert.True(((AggregateCall)statement.Items[2].Expression).IsCountStar);
    }

    [Fact]
    public void Study_query_nodes_keep_their_positions()
    {
        var statement = SqlParser.Parse(StudyQuery);
        Assert.Equal(new SourceSpan(0, 1, 1, StudyQuery.Length), statement.Span);

        var count = statement.Items[2];
        Assert.Equal((1, 27, 8), (count.Span.Line, count.Span.Column, count.Span.Length));

        var subquery = (SubquerySource)statement.From;
        Assert.Equal((1, 41), (subquery.Span.Line, subquery.Span.Column));
        var ageGroup = subquery.Query.Items[0];
        Assert.Equal((2, 10, "FLOOR(Age/5)*5 AS AgeGroup"), (ageGroup.Span.Line, ageGroup.Span.Column, Text(ageGroup.Span)));
        var age = ((FunctionCall)((BinaryExpression)ageGroup.Expression).Left).Arguments[0] as BinaryExpression;
        Assert.Equal((2, 16, "Age"), (age!.Left.Span.Line, age.Left.Span.Column, Text(age.Left.Span)));

        var sex = ((BinaryExpression)((BinaryExpression)subquery.Query.Where!).Left).Left;
        Assert.Equal(new SourceSpan(StudyQuery.IndexOf("Sex", StringComparison.Ordinal), 3, 9, 3), sex.Span);
        Assert.Equal((3, 9, "Sex = 'male' AND DiabetesType = 1"), (subquery.Query.Where!.Span.Line, subquery.Query.Where.Span.Column, Text(subquery.Query.Where.Span)));

        var disease = statement.GroupBy[1];
        Assert.Equal((4, 37, "Disease"), (disease.Span.Line, disease.Span.Column, Text(disease.Span)));

        static string Text(SourceSpan span) => StudyQuery.Substring(span.Offset, span.Length);
    }

    [Fact]
    public void Join_of_readings_with_patients()
    {
        var statement = SqlParser.Parse(JoinQuery);

        var join = Assert.IsType<JoinSource>(statement.From);
        Assert.Equal(JoinKind.Inner, join.Kind);
        Assert.Equal(new TableReference(null, "Readings", "r"), join.Left);
        Assert.Equal(new TableReference(null, "Patients", "p"), join.Right);
        Assert.Equal(new BinaryExpression(BinaryOperator.Equal, Col("r", "PatientId"), Col("p", "PatientId")), join.Condition);

        var ageGroup = new BinaryExpression(
            BinaryOperator.Multiply,
            new FunctionCall("FLOOR", [new BinaryExpression(BinaryOperator.Divide, Col("p", "Age"), new IntegerLiteral(10))]),
            new IntegerLiteral(10));
        Assert.Equal(
            [
                new SelectItem(Col("p", "Arm"), null),
                new SelectItem(ageGroup, "AgeGroup"),
                new SelectItem(new AggregateCall(AggregateFunction.Avg, Col("r", "Temperature"), false, null), null),
            ],
            statement.Items);
        Assert.Equal([Col("p", "Arm"), ageGroup], statement.GroupBy);
    }

    [Theory]
    [InlineData("SELECT * FROM a LEFT JOIN b ON a.x = b.x", JoinKind.Left)]
    [InlineData("SELECT * FROM a LEFT OUTER JOIN b ON a.x = b.x", JoinKind.Left)]
    [InlineData("SELECT * FROM a INNER JOIN b ON a.x = b.x", JoinKind.Inner)]
    [InlineData("SELECT * FROM a AS a JOIN b AS b ON a.x = b.x", JoinKind.Inner)]
    public void Inner_and_left_joins(string sql, object kind) =>   // object: the syntax tree's types are internal
        Assert.Equal((JoinKind)kind, Assert.IsType<JoinSource>(SqlParser.Parse(sql).From).Kind);

    [Fact]
    public void Joins_chain_to_the_left()
    {
        var from = Assert.IsType<JoinSource>(SqlParser.Parse("SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN c ON b.y = c.y").From);
        Assert.Equal(JoinKind.Left, from.Kind);
        Assert.Equal(new TableReference(null, "c", null), from.Right);
        var left = Assert.IsType<JoinSource>(from.Left);
        Assert.Equal(new TableReference(null, "a", null), left.Left);
    }

    [Fact]
    public void Count_distinct_patients_per_comorbidity()
    {
        var statement = SqlParser.Parse("SELECT Comorbidity, COUNT(DISTINCT PatientId) FROM Comorbidities GROUP BY Comorbidity");
        Assert.Equal(new AggregateCall(AggregateFunction.Count, Col("PatientId"), true, null), statement.Items[1].Expression);
        Assert.Equal(new TableReference(null, "Comorbidities", null), statement.From);
        Assert.Equal([Col("Comorbidity")], statement.GroupBy);
    }

    [Fact]
    public void Median_of_age() =>
        Assert.Equal(
            new AggregateCall(AggregateFunction.Median, Col("Age"), false, null),
            SqlParser.Parse("SELECT MEDIAN(Age) FROM Patients").Items[0].Expression);

    [Fact]
    public void Percentile_cont_in_both_forms_gives_the_same_tree()
    {
        var expected = new AggregateCall(AggregateFunction.PercentileCont, Col("Temperature"), false, new DecimalLiteral(0.9m));
        Assert.Equal(expected, Item("PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY Temperature)"));
        Assert.Equal(expected, Item("percentile_cont(0.9) within group (order by Temperature asc)"));
        Assert.Equal(expected, Item("PERCENTILE_CONT(Temperature, 0.9)"));
    }

    [Theory]
    [InlineData("COUNT(Age)", AggregateFunction.Count)]
    [InlineData("SUM(Age)", AggregateFunction.Sum)]
    [InlineData("AVG(Age)", AggregateFunction.Avg)]
    [InlineData("VARIANCE(Age)", AggregateFunction.Variance)]
    [InlineData("VAR(Age)", AggregateFunction.Variance)]
    [InlineData("STDDEV(Age)", AggregateFunction.StdDev)]
    [InlineData("stdev(Age)", AggregateFunction.StdDev)]
    [InlineData("MEDIAN(Age)", AggregateFunction.Median)]
    [InlineData("MIN(Age)", AggregateFunction.Min)]
    [InlineData("Max(ALL Age)", AggregateFunction.Max)]
    public void Aggregates_are_recognised_case_insensitively(string sql, object function) =>   // object: the syntax tree's types are internal
        Assert.Equal(new AggregateCall((AggregateFunction)function, Col("Age"), false, null), Item(sql));

    [Fact]
    public void Scalar_functions_keep_any_name_in_upper_case()
    {
        Assert.Equal(new FunctionCall("ROUND", [Col("Temperature"), new IntegerLiteral(1)]), Item("round(Temperature, 1)"));
        Assert.Equal(new FunctionCall("CEIL", [Col("x")]), Item("Ceil(x)"));
        Assert.Equal(new FunctionCall("ABS", [new UnaryExpression(UnaryOperator.Negate, Col("x"))]), Item("ABS(-x)"));
        Assert.Equal(new FunctionCall("RANDOM", []), Item("random()"));
    }

    [Fact]
    public void Searched_and_simple_case()
    {
        Assert.Equal(
            new CaseExpression(
                null,
                [
                    new WhenClause(new BinaryExpression(BinaryOperator.Less, Col("Age"), new IntegerLiteral(40)), new StringLiteral("young")),
                    new WhenClause(new BinaryExpression(BinaryOperator.Less, Col("Age"), new IntegerLiteral(65)), new StringLiteral("middle")),
                ],
                new StringLiteral("old")),
            Item("CASE WHEN Age < 40 THEN 'young' WHEN Age < 65 THEN 'middle' ELSE 'old' END"));
        Assert.Equal(
            new CaseExpression(Col("Foot"), [new WhenClause(new StringLiteral("L"), new IntegerLiteral(0))], null),
            Item("case Foot when 'L' then 0 end"));
    }

    [Fact]
    public void In_between_like_and_is_null()
    {
        Assert.Equal(
            new InExpression(Col("Comorbidity"), [new StringLiteral("Ulcer"), new StringLiteral("Gait")], false),
            Where("Comorbidity IN ('Ulcer', 'Gait')"));
        Assert.Equal(new InExpression(Col("DiabetesType"), [new IntegerLiteral(2)], true), Where("DiabetesType NOT IN (2)"));
        Assert.Equal(
            new BetweenExpression(Col("Age"), new IntegerLiteral(40), new BinaryExpression(BinaryOperator.Add, new IntegerLiteral(60), new IntegerLiteral(4)), false),
            Where("Age BETWEEN 40 AND 60 + 4"));
        Assert.Equal(
            new BinaryExpression(
                BinaryOperator.And,
                new BetweenExpression(Col("Age"), new IntegerLiteral(1), new IntegerLiteral(2), true),
                new BooleanLiteral(true)),
            Where("Age NOT BETWEEN 1 AND 2 AND TRUE"));
        Assert.Equal(new LikeExpression(Col("Sensor"), new StringLiteral("heel%"), null, false), Where("Sensor LIKE 'heel%'"));
        Assert.Equal(
            new LikeExpression(Col("Sensor"), new StringLiteral("a!_%"), new StringLiteral("!"), true),
            Where("Sensor NOT LIKE 'a!_%' ESCAPE '!'"));
        Assert.Equal(new IsNullExpression(Col("Disease"), false), Where("Disease IS NULL"));
        Assert.Equal(new IsNullExpression(Col("Disease"), true), Where("Disease is not null"));
    }

    [Fact]
    public void Literals()
    {
        Assert.Equal(new IntegerLiteral(42), Item("42"));
        Assert.Equal(new DecimalLiteral(37.5m), Item("37.5"));
        Assert.Equal(new DecimalLiteral(0.5m), Item(".5"));
        Assert.Equal(new DecimalLiteral(1500m), Item("1.5e3"));
        Assert.Equal(new StringLiteral("O'Brien"), Item("'O''Brien'"));
        Assert.Equal(new StringLiteral(string.Empty), Item("''"));
        Assert.Equal(new BooleanLiteral(false), Item("false"));
        Assert.Equal(new NullLiteral(), Item("NULL"));
        Assert.Equal(new CastExpression(Col("Age"), "DOUBLE PRECISION"), Item("CAST(Age AS double precision)"));
        Assert.Equal(new CastExpression(Col("Age"), "DECIMAL(10, 2)"), Item("CAST(Age AS decimal(10,2))"));
    }

    [Fact]
    public void Having_order_by_and_limit()
    {
        var statement = SqlParser.Parse(
            "SELECT Arm, COUNT(*) AS n FROM Patients GROUP BY Arm HAVING COUNT(*) > 10 ORDER BY n DESC, Arm ASC LIMIT 5");
        Assert.Equal(
            new BinaryExpression(
                BinaryOperator.Greater,
                new AggregateCall(AggregateFunction.Count, new StarExpression(null), false, null),
                new IntegerLiteral(10)),
            statement.Having);
        Assert.Equal([new OrderByItem(Col("n"), true), new OrderByItem(Col("Arm"), false)], statement.OrderBy);
        Assert.Equal(5, statement.Limit);
        Assert.Equal("n", statement.Items[1].Alias);
    }

    [Fact]
    public void Select_distinct_aliases_and_stars()
    {
        var statement = SqlParser.Parse("SELECT DISTINCT p.*, Age years, Sex AS \"Gender\" FROM Patients AS p");
        Assert.True(statement.Distinct);
        Assert.Equal(
            [new SelectItem(new StarExpression("p"), null), new SelectItem(Col("Age"), "years"), new SelectItem(Col("Sex"), "Gender")],
            statement.Items);
        Assert.Equal(new TableReference(null, "Patients", "p"), statement.From);
        Assert.False(SqlParser.Parse("SELECT ALL * FROM t").Distinct);
    }

    [Fact]
    public void Comments_are_skipped()
    {
        var sql = """
            -- patients per arm
            SELECT Arm, /* the noisy count */ COUNT(*)
            FROM Patients -- all of them
            /* grouped
               by arm */ GROUP BY Arm
            """;
        var statement = SqlParser.Parse(sql);
        Assert.Equal(SqlParser.Parse("SELECT Arm, COUNT(*) FROM Patients GROUP BY Arm"), statement);
        Assert.Equal((2, 1), (statement.Span.Line, statement.Span.Column));
        Assert.Equal((5, 23), (statement.GroupBy[0].Span.Line, statement.GroupBy[0].Span.Column));
    }

    [Fact]
    public void Quoted_identifiers_keep_their_spelling_and_may_be_reserved_words()
    {
        var statement = SqlParser.Parse("SELECT \"select\", \"Patient \"\"Id\"\"\", t.\"Age Group\" FROM \"main\".\"Patients\" t");
        Assert.Equal(
            [new SelectItem(Col("select"), null), new SelectItem(Col("Patient \"Id\""), null), new SelectItem(Col("t", "Age Group"), null)],
            statement.Items);
        Assert.Equal(new TableReference("main", "Patients", "t"), statement.From);
    }

    [Fact]
    public void Keywords_are_case_insensitive_and_names_keep_their_case()
    {
        var lower = SqlParser.Parse("select count(*) from patients where sex = 'male' group by arm");
        Assert.Equal(new TableReference(null, "patients", null), lower.From);
        Assert.Equal(
            SqlParser.Parse("SELECT COUNT(*) FROM patients WHERE sex = 'male' GROUP BY arm"),
            lower);
    }

    [Theory]
    [InlineData("SELECT * FROM t;")]
    [InlineData("SELECT * FROM t ;  -- done\n")]
    public void A_trailing_semicolon_is_allowed(string sql) =>
        Assert.Equal(new TableReference(null, "t", null), SqlParser.Parse(sql).From);

    [Fact]
    public void Subquery_alias_may_follow_as_and_subqueries_nest()
    {
        var statement = SqlParser.Parse("SELECT n FROM (SELECT x AS n FROM (SELECT 1 AS x FROM t) AS a) AS b");
        var outer = Assert.IsType<SubquerySource>(statement.From);
        Assert.Equal("b", outer.Alias);
        Assert.Equal("a", Assert.IsType<SubquerySource>(outer.Query.From).Alias);
    }

    [Fact]
    public void Line_breaks_of_every_kind_count_lines()
    {
        var statement = SqlParser.Parse("SELECT a,\r\nb,\rc,\n  d FROM t");
        Assert.Equal(
            [(1, 8), (2, 1), (3, 1), (4, 3)],
            statement.Items.Select(i => (i.Span.Line, i.Span.Column)).ToArray());
    }

    [Fact]
    public void The_examples_of_the_query_language_page_parse()
    {
        var statement = SqlParser.Parse("""
            -- Expressions, HAVING, ORDER BY and LIMIT (the last three act on the noisy results).
            SELECT CASE WHEN Age < 50 THEN 'under 50' ELSE '50 and over' END AS Band, Arm, COUNT(*) AS n
            FROM Patients
            WHERE DiabetesType IN (1, 2) AND Age BETWEEN 18 AND 90 AND Disease LIKE '%neuropathy%'
            GROUP BY CASE WHEN Age < 50 THEN 'under 50' ELSE '50 and over' END, Arm
            HAVING COUNT(*) > 10
            ORDER BY n DESC
            LIMIT 5
            """);
        Assert.Equal(statement.Items[0].Expression, statement.GroupBy[0]);
        Assert.Equal(5, statement.Limit);

        var percentile = SqlParser.Parse("SELECT Foot, PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY Temperature) FROM Readings GROUP BY Foot");
        Assert.Equal(AggregateFunction.PercentileCont, Assert.IsType<AggregateCall>(percentile.Items[1].Expression).Function);
    }

    [Fact]
    public void Parenthesized_expressions_span_their_parentheses()
    {
        var expression = SqlParser.ParseExpression("(a + b) * c");
        var left = ((BinaryExpression)expression).Left;
        Assert.Equal(new SourceSpan(0, 1, 1, 7), left.Span);
        Assert.Equal(new SourceSpan(0, 1, 1, 11), expression.Span);
    }
}
