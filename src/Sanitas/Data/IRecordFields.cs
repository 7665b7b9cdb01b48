namespace Sanitas.Data;

/// <summary>The fields of one record being read (a CSV record or a database row), by column position.</summary>
internal interface IRecordFields
{
    /// <summary>The text of field <paramref name="i"/> (empty for a missing value); valid until the next record.</summary>
    ReadOnlySpan<char> FieldText(int i);
}
