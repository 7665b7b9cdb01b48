namespace Sanitas.Data;

/// <summary>Receives a CSV file record by record instead of a built <see cref="Table"/> (streaming reads of files too big to hold).</summary>
internal interface ICsvRecordSink
{
    /// <summary>The column names (the header, or column1… without one).</summary>
    void Header(CsvParser parser, string[] names);

    /// <summary>One record; read its fields with <see cref="CsvParser.FieldText"/> during the call.</summary>
    void Record(CsvParser parser);
}
