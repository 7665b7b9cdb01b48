using Sanitas.Query;

namespace Sanitas.Tests.Query.Parsing;

/// <summary>Every rejected query reports the exact line, column and wording, with a caret excerpt.</summary>
public class SqlSyntaxExceptionTests
{
    private static SqlSyntaxException Reject(string sql) => Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse(sql));

    private static void AssertError(string sql, int line, int column, string detail)
    {
        var error = Reject(sql);
        Assert.Equal(detail, error.Detail);
        Assert.Equal($"line {line}, column {column}: {detail}", error.Message);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Missing_from_points_at_the_token_after_the_select_list()
    {
        const string sql = "SELECT AgeGroup, COUNT(*) GROUP BY AgeGroup";
        var error = Reject(sql);
        Assert.Equal("line 1, column 27: expected FROM or ',' after select item, found 'GROUP'", error.Message);
        Assert.Equal((1, 27, 26, 5), (error.Line, error.Column, error.Offset, error.Length));
        Assert.Equal(sql + "\n" + new string(' ', 26) + "^", error.Excerpt);
        Assert.Equal(error.Message + "\n" + error.Excerpt, error.MessageWithExcerpt);
    }

    [Fact]
    public void The_excerpt_shows_the_line_of_the_error_and_keeps_tabs()
    {
        var error = Reject("SELECT Age\nFROM Patients\n\tWHERE Age >< 3");
        Assert.Equal("line 3, column 13: expected an expression, found '<'", error.Message);
        Assert.Equal("\tWHERE Age >< 3\n\t           ^", error.Excerpt);
    }

    [Theory]
    [InlineData("SELECT Sex FROM Patients WHERE Sex = 'male", 1, 38, "unterminated string literal")]
    [InlineData("SELECT \"Sex FROM Patients", 1, 8, "unterminated quoted identifier")]
    [InlineData("SELECT 1 FROM t /* open\n comment", 1, 17, "unterminated comment: '/*' has no closing '*/'")]
    [InlineData("SELECT \"\" FROM t", 1, 8, "empty quoted identifier \"\"")]
    [InlineData("SELECT Age # 2 FROM t", 1, 12, "unexpected character '#'")]
    [InlineData("SELECT ? FROM t", 1, 8, "unexpected character '?'")]
    [InlineData("SELECT 12abc FROM t", 1, 8, "invalid number '12abc'")]
    [InlineData("SELECT 1.2.3 FROM t", 1, 8, "invalid number '1.2.3'")]
    [InlineData("SELECT 99999999999999999999 FROM t", 1, 8, "integer '99999999999999999999' is out of range (at most 9223372036854775807)")]
    public void Lexical_errors(string sql, int line, int column, string detail) => AssertError(sql, line, column, detail);

    [Theory]
    [InlineData("SELECT Age, FROM Patients", 1, 13, "expected an expression, found 'FROM'")]
    [InlineData("SELECT Age FROM", 1, 16, "expected a table name or '(' after FROM or JOIN, found end of input")]
    [InlineData("SELECT Age", 1, 11, "expected FROM or ',' after select item, found end of input")]
    [InlineData("SELECT Age Sex Arm FROM Patients", 1, 16, "expected FROM or ',' after select item, found 'Arm'")]
    [InlineData("SELECT 'male' 'female' FROM t", 1, 15, "expected FROM or ',' after select item, found string 'female'")]
    [InlineData("FROM Patients", 1, 1, "expected SELECT at the start of the query, found 'FROM'")]
    [InlineData("", 1, 1, "expected SELECT at the start of the query, found end of input")]
    [InlineData("SELECT Age FROM Patients WHERE", 1, 31, "expected an expression, found end of input")]
    [InlineData("SELECT Age FROM Patients GROUP Age", 1, 32, "expected BY after GROUP, found 'Age'")]
    [InlineData("SELECT Age FROM Patients ORDER Age", 1, 32, "expected BY after ORDER, found 'Age'")]
    [InlineData("SELECT Age FROM Patients LIMIT -1", 1, 32, "expected a non-negative integer after LIMIT, found '-'")]
    [InlineData("SELECT Age FROM Patients LIMIT 2.5", 1, 32, "expected a non-negative integer after LIMIT, found '2.5'")]
    [InlineData("SELECT Age FROM Patients Extra Words", 1, 32, "expected end of query, found 'Words'")]
    [InlineData("SELECT Age FROM Patients ORDER BY Age WHERE Age > 3", 1, 39, "WHERE must come before ORDER BY (clause order: WHERE, GROUP BY, HAVING, ORDER BY, LIMIT)")]
    [InlineData("SELECT Age FROM Patients WHERE Age > 1 WHERE Age < 3", 1, 40, "WHERE appears twice")]
    [InlineData("SELECT (Age + 1 FROM t", 1, 17, "expected ')' to close '(', found 'FROM'")]
    [InlineData("SELECT FLOOR(Age / 5 FROM t", 1, 22, "expected ')' or ',' in the arguments of FLOOR, found 'FROM'")]
    [InlineData("SELECT COUNT(*, Age) FROM t", 1, 15, "expected ')' after COUNT(*, found ','")]
    [InlineData("SELECT SUM(Age, 2) FROM t", 1, 15, "SUM takes one argument")]
    [InlineData("SELECT SUM() FROM t", 1, 12, "SUM needs an argument")]
    [InlineData("SELECT SUM(*) FROM t", 1, 12, "'*' is only allowed in COUNT(*), not in SUM")]
    [InlineData("SELECT Age * FROM t", 1, 14, "expected an expression, found 'FROM'")]
    [InlineData("SELECT p.* AS x FROM Patients p", 1, 15, "'*' cannot have an alias")]
    [InlineData("SELECT Age FROM t WHERE p.* = 1", 1, 25, "'p.*' is only allowed as a select item")]
    [InlineData("SELECT CASE Age END FROM t", 1, 17, "expected WHEN in CASE, found 'END'")]
    [InlineData("SELECT CASE WHEN Age > 1 THEN 2 FROM t", 1, 33, "expected END or ELSE or WHEN in CASE, found 'FROM'")]
    [InlineData("SELECT CASE WHEN Age > 1 2 END FROM t", 1, 26, "expected THEN after the WHEN condition, found '2'")]
    [InlineData("SELECT CAST(Age INTEGER) FROM t", 1, 17, "expected AS in CAST(expression AS type), found 'INTEGER'")]
    [InlineData("SELECT Age FROM t WHERE Age BETWEEN 1 OR 2", 1, 39, "expected AND in BETWEEN ... AND ..., found 'OR'")]
    [InlineData("SELECT Age FROM t WHERE Age IN ()", 1, 33, "IN needs at least one value, found ')'")]
    [InlineData("SELECT Age FROM t WHERE Age IS 3", 1, 32, "expected NULL after IS, found '3' (only IS [NOT] NULL is supported)")]
    [InlineData("SELECT Age FROM t WHERE Age NOT 3", 1, 33, "expected IN, BETWEEN or LIKE after NOT, found '3'")]
    [InlineData("SELECT Age FROM Patients AS WHERE Age > 3", 1, 29, "expected an alias after AS, found 'WHERE' (WHERE is a reserved word; quote it as \"WHERE\" to use it as a name)")]
    [InlineData("SELECT Age AS FROM Patients", 1, 15, "expected an alias after AS, found 'FROM' (FROM is a reserved word; quote it as \"FROM\" to use it as a name)")]
    [InlineData("SELECT Age FROM (SELECT Age FROM Patients)", 1, 43, "a subquery in FROM needs an alias, e.g. (SELECT ...) AS t; found end of input")]
    [InlineData("SELECT Age FROM (SELECT Age FROM Patients WHERE Age > 3", 1, 56, "expected ')' after subquery, found end of input")]
    [InlineData("SELECT * FROM a JOIN b", 1, 23, "expected ON after the joined table, found end of input")]
    [InlineData("SELECT * FROM a LEFT b ON a.x = b.x", 1, 22, "expected JOIN after LEFT, found 'b'")]
    [InlineData("SELECT PERCENTILE_CONT(0.5) FROM t", 1, 29, "expected WITHIN GROUP (ORDER BY expression) after PERCENTILE_CONT(fraction), found 'FROM'")]
    [InlineData("SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x DESC) FROM t", 1, 54, "DESC is not supported in WITHIN GROUP; use PERCENTILE_CONT(1 - p) instead")]
    [InlineData("SELECT MEDIAN(x) WITHIN GROUP (ORDER BY x) FROM t", 1, 18, "WITHIN GROUP is only supported with PERCENTILE_CONT, not MEDIAN")]
    [InlineData("SELECT PERCENTILE_CONT(x, 0.5) WITHIN GROUP (ORDER BY x) FROM t", 1, 32, "PERCENTILE_CONT(expression, fraction) takes no WITHIN GROUP; write PERCENTILE_CONT(fraction) WITHIN GROUP (ORDER BY expression)")]
    [InlineData("SELECT COUNT(DISTINCT *) FROM t", 1, 23, "COUNT(DISTINCT *) is not supported; count the distinct values of a column, e.g. COUNT(DISTINCT PatientId)")]
    [InlineData("SELECT \"floor\"(x) FROM t", 1, 8, "quoted function names are not supported: \"floor\"")]
    [InlineData("SELECT FLOOR(DISTINCT x) FROM t", 1, 14, "DISTINCT is only supported in aggregates; FLOOR is not one")]
    [InlineData("SELECT a.b.c FROM t", 1, 11, "names with more than two parts are not supported; write table.column")]
    [InlineData("SELECT Age FROM t ORDER BY Age NULLS FIRST", 1, 32, "NULLS FIRST/LAST is not supported in ORDER BY")]
    public void Syntax_errors(string sql, int line, int column, string detail) => AssertError(sql, line, column, detail);

    [Theory]
    [InlineData("SELECT Age FROM Patients UNION SELECT Age FROM Readings", 1, 26, "UNION is not supported in DP queries: combine results of separate queries instead")]
    [InlineData("SELECT Age FROM Patients INTERSECT SELECT Age FROM Readings", 1, 26, "INTERSECT is not supported in DP queries: combine results of separate queries instead")]
    [InlineData("SELECT Age FROM Patients\nEXCEPT SELECT Age FROM Readings", 2, 1, "EXCEPT is not supported in DP queries: combine results of separate queries instead")]
    [InlineData("SELECT n FROM (SELECT Age AS n FROM a UNION ALL SELECT Age FROM b) t", 1, 39, "UNION is not supported in DP queries: combine results of separate queries instead")]
    [InlineData("WITH m AS (SELECT * FROM Patients) SELECT COUNT(*) FROM m", 1, 1, "WITH (common table expressions) is not supported; write the query as a subquery in FROM")]
    [InlineData("SELECT Age, ROW_NUMBER() OVER (ORDER BY Age) FROM Patients", 1, 26, "window functions (OVER) are not supported in DP queries")]
    [InlineData("SELECT AVG(Age) OVER (PARTITION BY Arm) FROM Patients", 1, 17, "window functions (OVER) are not supported in DP queries")]
    [InlineData("SELECT COUNT(*) FILTER (WHERE Age > 3) FROM Patients", 1, 17, "aggregate FILTER (WHERE ...) is not supported; use CASE WHEN inside the aggregate")]
    [InlineData("INSERT INTO Patients VALUES (1)", 1, 1, "INSERT statements are not supported: DP SQL only reads data with SELECT")]
    [InlineData("update Patients SET Age = 1", 1, 1, "UPDATE statements are not supported: DP SQL only reads data with SELECT")]
    [InlineData("DELETE FROM Patients", 1, 1, "DELETE statements are not supported: DP SQL only reads data with SELECT")]
    [InlineData("CREATE TABLE x (a INT)", 1, 1, "CREATE statements (DDL) are not supported: DP SQL only reads data with SELECT")]
    [InlineData("  DROP TABLE Patients", 1, 3, "DROP statements (DDL) are not supported: DP SQL only reads data with SELECT")]
    [InlineData("ALTER TABLE Patients ADD x INT", 1, 1, "ALTER statements (DDL) are not supported: DP SQL only reads data with SELECT")]
    [InlineData("SELECT Age FROM Patients WHERE PatientId IN (SELECT PatientId FROM Comorbidities)", 1, 46, "subqueries in IN (SELECT ...) are not supported in DP queries; subqueries are allowed only in FROM")]
    [InlineData("SELECT Age FROM Patients p WHERE EXISTS (SELECT 1 FROM Readings)", 1, 34, "EXISTS subqueries are not supported in DP queries; subqueries are allowed only in FROM")]
    [InlineData("SELECT (SELECT MAX(Age) FROM Patients) FROM Patients", 1, 9, "subqueries in expressions are not supported in DP queries; subqueries are allowed only in FROM")]
    [InlineData("SELECT Age FROM Patients; SELECT Sex FROM Patients", 1, 27, "multiple statements are not supported: found 'SELECT' after ';'")]
    [InlineData("SELECT * FROM Readings r RIGHT JOIN Patients p ON r.PatientId = p.PatientId", 1, 26, "RIGHT JOIN is not supported in DP queries; use JOIN (inner) or LEFT JOIN with ON")]
    [InlineData("SELECT * FROM Readings r FULL OUTER JOIN Patients p ON r.PatientId = p.PatientId", 1, 26, "FULL JOIN is not supported in DP queries; use JOIN (inner) or LEFT JOIN with ON")]
    [InlineData("SELECT * FROM Readings\n  CROSS JOIN Patients", 2, 3, "CROSS JOIN is not supported in DP queries; use JOIN (inner) or LEFT JOIN with ON")]
    [InlineData("SELECT * FROM Readings NATURAL JOIN Patients", 1, 24, "NATURAL JOIN is not supported in DP queries; use JOIN (inner) or LEFT JOIN with ON")]
    [InlineData("SELECT * FROM Readings, Patients", 1, 23, "comma-separated tables in FROM (an implicit cross join) are not supported in DP queries; use JOIN ... ON")]
    [InlineData("SELECT * FROM Readings JOIN Patients USING (PatientId)", 1, 38, "JOIN ... USING is not supported; write the condition with ON, e.g. ON a.x = b.x")]
    [InlineData("SELECT Age FROM Patients LIMIT 5 OFFSET 10", 1, 34, "OFFSET is not supported: noisy results have no stable row order to skip by")]
    [InlineData("SELECT * FROM generate_series(1, 3) g", 1, 30, "table functions are not supported: 'generate_series(' in FROM")]
    public void Unsupported_constructs_are_named(string sql, int line, int column, string detail) => AssertError(sql, line, column, detail);

    [Fact]
    public void Errors_without_a_position_have_no_excerpt()
    {
        var error = new SqlSyntaxException("bad");
        Assert.Equal(string.Empty, error.Excerpt);
        Assert.Equal("bad", error.MessageWithExcerpt);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var deep = "SELECT " + new string('(', 100_000) + "1" + new string(')', 100_000) + " FROM t";
        var error = Reject(deep);
        Assert.Equal("line 1, column 208: query nested too deeply (more than 200 levels)", error.Message);

        var fine = "SELECT " + new string('(', 150) + "1" + new string(')', 150) + " FROM t";
        Assert.Equal(new IntegerLiteral(1), SqlParser.Parse(fine).Items[0].Expression);

        var subqueries = "SELECT x FROM " + string.Concat(Enumerable.Repeat("(SELECT x FROM ", 300)) + "t" + string.Concat(Enumerable.Repeat(") s", 300));
        Assert.Contains("query nested too deeply", Reject(subqueries).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_standalone_expression_must_end()
    {
        var error = Assert.Throws<SqlSyntaxException>(() => SqlParser.ParseExpression("a + b c"));
        Assert.Equal("line 1, column 7: expected end of expression, found 'c'", error.Message);
    }
}
