namespace Sanitas.Anonymization;

/// <summary>The phases of anonymizing a file or a database table, in the order they run.</summary>
public enum AnonymizationPhase
{
    /// <summary>Reading the input: parsing and dictionary-encoding the records and counting their distinct tuples (or, from a database, its GROUP BY).</summary>
    Reading,

    /// <summary>Searching the generalization lattice for the transformation with the least loss.</summary>
    Searching,

    /// <summary>Writing the anonymized output and the report (through temporary files renamed into place at the end).</summary>
    Writing,
}
