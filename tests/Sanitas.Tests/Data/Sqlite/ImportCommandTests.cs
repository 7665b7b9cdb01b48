using Sanitas.Cli;
using Sanitas.Data;
using Sanitas.Tests.Cli;

namespace Sanitas.Tests.Data.Sqlite;

public sealed class ImportCommandTests
{
    [Fact]
    public async Task Imports_a_csv_into_a_typed_table()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("patients.csv"), "PatientId;Sex;Age;BirthDate\n1;male;61;1962-03-01\n2;female;;1970-11-30\n");
        var db = folder.File("trial.sqlite");

        var (code, output, error) = CliRunner.Run("import", "--input", folder.File("patients.csv"), "--db", db, "--table", "Patients");

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("Imported 2 rows into table 'Patients'", output, StringComparison.Ordinal);
        Assert.Contains(db, output, StringComparison.Ordinal);
        var table = await SqliteTableReader.ReadTableAsync(db, "Patients");
        Assert.Equal(["PatientId", "Sex", "Age", "BirthDate"], table.ColumnNames);
        Assert.Equal([ColumnType.Integer, ColumnType.Text, ColumnType.Integer, ColumnType.Date], table.Columns.Select(c => c.Type));
        Assert.Null(table["Age"][1]);
    }

    [Fact]
    public void Malformed_csv_names_the_line_and_writes_nothing()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("bad.csv"), "a,b\n1,2\n3,\"open\n");
        var db = folder.File("t.sqlite");

        var (code, _, error) = CliRunner.Run("import", "--input", folder.File("bad.csv"), "--db", db, "--table", "T");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad.csv, line 3", error, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task An_existing_table_is_refused_without_replace_and_left_untouched()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("one.csv"), "x\n1\n2\n3\n");
        File.WriteAllText(folder.File("two.csv"), "y\nq\n");
        var db = folder.File("t.sqlite");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("import", "-i", folder.File("one.csv"), "--db", db, "-t", "T").ExitCode);

        var (code, _, error) = CliRunner.Run("import", "-i", folder.File("two.csv"), "--db", db, "-t", "T");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("already exists", error, StringComparison.Ordinal);
        Assert.Contains("--replace", error, StringComparison.Ordinal);
        var kept = await SqliteTableReader.ReadTableAsync(db, "T");
        Assert.Equal(["x"], kept.ColumnNames);
        Assert.Equal(3, kept.RowCount);

        (code, _, error) = CliRunner.Run("import", "-i", folder.File("two.csv"), "--db", db, "-t", "T", "--replace");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal(["y"], (await SqliteTableReader.ReadTableAsync(db, "T")).ColumnNames);
    }

    [Fact]
    public void Missing_files_are_named()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("one.csv"), "x\n1\n");
        var (code, _, error) = CliRunner.Run("import", "-i", folder.File("nope.csv"), "--db", folder.File("t.sqlite"), "-t", "T");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("nope.csv", error, StringComparison.Ordinal);

        (code, _, _) = CliRunner.Run("import", "-i", folder.File("one.csv"), "--db", folder.File("t.sqlite"));
        Assert.Equal(ExitCodes.InvalidArguments, code);
    }
}
