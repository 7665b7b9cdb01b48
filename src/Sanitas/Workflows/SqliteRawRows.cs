using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Sanitas.Anonymization;
using Sanitas.Data;
using SQLitePCL;

namespace Sanitas.Workflows;

/// <summary>
/// Streams a SQLite query's rows through SQLitePCL's raw API instead of ADO.NET: each value's UTF-8 bytes
/// are decoded into one reusable character buffer and numbers are formatted in place, so a row costs no
/// allocation (ADO.NET boxes every value and makes a string of every cell: on 10M rows × 9 columns that
/// was most of the database path's CPU). The text is what <see cref="DatabaseAnonymizer.Format"/> makes of
/// the value Microsoft.Data.Sqlite would return: NULL as missing, INTEGER and REAL in the invariant
/// culture (reals round-trip), TEXT as is, BLOB in base64.
/// </summary>
internal sealed class SqliteRawRows : IRecordFields
{
    private readonly int[] _start;
    private readonly int[] _length;
    private char[] _chars = new char[1024];

    /// <param name="fieldCount">The number of fields a row is spread over (the table's columns).</param>
    public SqliteRawRows(int fieldCount)
    {
        _start = new int[fieldCount];
        _length = new int[fieldCount];
    }

    /// <inheritdoc />
    public ReadOnlySpan<char> FieldText(int i) => _chars.AsSpan(_start[i], _length[i]);

    /// <summary>
    /// Runs <paramref name="sql"/> and hands each row to <paramref name="row"/>, result column k filling field
    /// <paramref name="targets"/>[k] (the others are left empty); every <see cref="PhaseReporter.Stride"/> rows calls
    /// <paramref name="stride"/> and checks for cancellation. Cancellation interrupts a query still working
    /// (<c>sqlite3_interrupt</c>).
    /// </summary>
    /// <returns>The number of rows read.</returns>
    /// <exception cref="SanitasDataException">SQLite failed; the message names <paramref name="source"/>.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public long Read(SqliteConnection connection, string sql, string source, int[] targets, CancellationToken cancellationToken, Action? stride, Action<SqliteRawRows> row)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Array.Clear(_length);
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        using (statement)
        {
            if (rc != raw.SQLITE_OK)
            {
                throw new SanitasDataException($"Cannot read the {source}: {raw.sqlite3_errmsg(db).utf8_to_string()}");
            }
            using var interrupt = cancellationToken.CanBeCanceled
                ? cancellationToken.Register(static state => raw.sqlite3_interrupt((sqlite3)state!), db)
                : default;
            long rows = 0;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                Load(statement, targets);
                row(this);
                if ((++rows & PhaseReporter.StrideMask) == 0)
                {
                    stride?.Invoke();
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            if (rc != raw.SQLITE_DONE)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new SanitasDataException($"Cannot read the {source}: {raw.sqlite3_errmsg(db).utf8_to_string()}");
            }
            cancellationToken.ThrowIfCancellationRequested();
            return rows;
        }
    }

    private void Load(sqlite3_stmt statement, int[] targets)
    {
        var position = 0;
        for (var k = 0; k < targets.Length; k++)
        {
            var field = targets[k];
            _start[field] = position;
            int written;
            switch (raw.sqlite3_column_type(statement, k))
            {
                case raw.SQLITE_INTEGER:
                    {
                        var value = raw.sqlite3_column_int64(statement, k);
                        while (!value.TryFormat(_chars.AsSpan(position), out written, default, CultureInfo.InvariantCulture))
                        {
                            Grow(position + 32);
                        }
                        break;
                    }
                case raw.SQLITE_FLOAT:
                    {
                        var value = raw.sqlite3_column_double(statement, k);
                        while (!value.TryFormat(_chars.AsSpan(position), out written, "R", CultureInfo.InvariantCulture))
                        {
                            Grow(position + 64);
                        }
                        break;
                    }
                case raw.SQLITE_TEXT:
                    {
                        // sqlite3_column_blob on a TEXT value returns its UTF-8 bytes (without the terminator).
                        var bytes = raw.sqlite3_column_blob(statement, k);
                        Grow(position + bytes.Length);
                        written = Encoding.UTF8.GetChars(bytes, _chars.AsSpan(position));
                        break;
                    }
                case raw.SQLITE_BLOB:
                    {
                        var bytes = raw.sqlite3_column_blob(statement, k);
                        Grow(position + (((bytes.Length + 2) / 3) * 4));
                        Convert.TryToBase64Chars(bytes, _chars.AsSpan(position), out written);
                        break;
                    }
                default:
                    written = 0; // NULL: a missing value
                    break;
            }
            _length[field] = written;
            position += written;
        }
    }

    private void Grow(int needed)
    {
        if (needed > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(needed, _chars.Length * 2));
        }
    }
}
