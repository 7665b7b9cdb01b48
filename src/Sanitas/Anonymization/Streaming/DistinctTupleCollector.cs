using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// The first pass over a streamed CSV file: dictionary-encodes the columns the search reads
/// (quasi-identifiers and sensitive attributes) and counts each distinct tuple of their codes.
/// Memory: the distinct values and tuples, and 4 bytes a record (its tuple number, for the output pass).
/// </summary>
internal sealed class DistinctTupleCollector : ICsvRecordSink
{
    private readonly IReadOnlySet<string> _grouped;
    private readonly IReadOnlySet<string> _declared;
    private readonly string[] _dateFormats;
    private readonly bool _inferTypes;
    private int[] _fieldOf = [];
    private int[] _codes = [];
    private int[] _counts = new int[1024];
    private long _records;
    private const int ChunkBits = 20;
    private readonly List<int[]> _rowTuples = [];

    /// <param name="grouped">The columns the search reads.</param>
    /// <param name="declared">Every attribute the configuration declares (the others get a placeholder column).</param>
    /// <param name="options">The CSV options (type inference, date formats).</param>
    public DistinctTupleCollector(IReadOnlySet<string> grouped, IReadOnlySet<string> declared, CsvOptions options)
    {
        _grouped = grouped;
        _declared = declared;
        _inferTypes = options.InferTypes;
        _dateFormats = ColumnTypeInference.Formats(options.DateFormats);
    }

    /// <summary>The header of the file.</summary>
    public string[] Names { get; private set; } = [];

    /// <summary>One builder per grouped column found in the header, in header order.</summary>
    public CsvColumnBuilder[] Builders { get; private set; } = [];

    /// <summary>The header position of each builder's column.</summary>
    public IReadOnlyList<int> FieldOf => _fieldOf;

    /// <summary>The distinct tuples of the builders' codes.</summary>
    public TupleIndex Tuples { get; private set; } = new(0);

    public void Header(CsvParser parser, string[] names) => Begin(names);

    /// <summary>Starts with the column names of the input.</summary>
    public void Begin(string[] names)
    {
        Names = names;
        _fieldOf = [.. Enumerable.Range(0, names.Length).Where(i => _grouped.Contains(names[i]))];
        Builders = [.. _fieldOf.Select(i => new CsvColumnBuilder(names[i], null, _inferTypes, _dateFormats, capacity: 0))];
        _codes = new int[_fieldOf.Length];
        Tuples = new TupleIndex(_fieldOf.Length);
    }

    public void Record(CsvParser parser) => Add(parser, 1, keepRow: true);

    /// <summary>
    /// Counts a record (or, from a database's GROUP BY, <paramref name="count"/> records with the same
    /// values); with <paramref name="keepRow"/>, remembers its tuple for <see cref="TupleOfRow"/>.
    /// </summary>
    public void Add(IRecordFields fields, long count, bool keepRow)
    {
        for (var k = 0; k < _fieldOf.Length; k++)
        {
            Builders[k].TryEncode(fields.FieldText(_fieldOf[k]), out _codes[k]);
        }
        var t = Tuples.AddOrFind(_codes, out var added);
        if (added && t == _counts.Length)
        {
            Array.Resize(ref _counts, _counts.Length * 2);
        }
        if (_counts[t] + count > int.MaxValue)
        {
            throw new AnonymizationException($"More than {int.MaxValue:N0} records share one tuple; at most {int.MaxValue:N0} records are supported.");
        }
        _counts[t] += (int)count;
        if (!keepRow)
        {
            _records += count;
            return;
        }
        // Each row's tuple, in chunks of 2^20 (4 bytes a row, no copying as the file grows): the second pass needs no lookups.
        var chunk = (int)(_records >> ChunkBits);
        if (chunk == _rowTuples.Count)
        {
            _rowTuples.Add(new int[1 << ChunkBits]);
        }
        _rowTuples[chunk][(int)(_records & ((1 << ChunkBits) - 1))] = t;
        _records++;
    }

    /// <summary>The tuple of a record's values, or -1 when the first pass did not see them.</summary>
    public int Find(IRecordFields fields)
    {
        for (var k = 0; k < _fieldOf.Length; k++)
        {
            var code = Builders[k].Find(fields.FieldText(_fieldOf[k]));
            if (code < 0)
            {
                return -1;
            }
            _codes[k] = code;
        }
        return Tuples.Find(_codes);
    }

    /// <summary>The number of records read.</summary>
    public long Records => _records;

    /// <summary>The distinct tuple of record <paramref name="row"/> (0-based, header excluded).</summary>
    public int TupleOfRow(long row) => _rowTuples[(int)(row >> ChunkBits)][(int)(row & ((1 << ChunkBits) - 1))];

    /// <summary>The distinct tuples as a table with their multiplicities.</summary>
    /// <exception cref="AnonymizationException">More than <see cref="int.MaxValue"/> records.</exception>
    public GroupedTable Build()
    {
        if (_records > int.MaxValue)
        {
            throw new AnonymizationException($"The input has {_records:N0} records; at most {int.MaxValue:N0} are supported.");
        }
        var n = Tuples.Count;
        var columns = new List<Column>();
        for (var i = 0; i < Names.Length; i++)
        {
            var k = Array.IndexOf(_fieldOf, i);
            if (k >= 0)
            {
                var codes = new int[n];
                for (var t = 0; t < n; t++)
                {
                    codes[t] = Tuples.Code(t, k);
                }
                columns.Add(Builders[k].Build(codes));
            }
            else if (_declared.Contains(Names[i]))
            {
                columns.Add(Column.FromCodes(Names[i], ColumnType.Text, [null], new int[n]));
            }
        }
        return new GroupedTable(new Table(columns), _counts[..n], (int)_records);
    }
}
