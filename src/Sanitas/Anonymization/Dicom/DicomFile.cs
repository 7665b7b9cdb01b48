namespace Sanitas.Anonymization.Dicom;

/// <summary>A DICOM Part 10 file (PS3.10 §7): file meta information and the data set in its transfer syntax.</summary>
internal sealed class DicomFile
{
    public DicomFile(DicomDataset meta, DicomDataset dataset, DicomTransferSyntax syntax, bool hadPreamble)
    {
        Meta = meta;
        Dataset = dataset;
        TransferSyntax = syntax;
        HadPreamble = hadPreamble;
    }

    public DicomDataset Meta { get; }

    public DicomDataset Dataset { get; }

    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>Whether the file had the 128-byte preamble and "DICM"; files without one get it when written.</summary>
    public bool HadPreamble { get; }

    /// <summary>A DICOMDIR holds a Directory Record Sequence (PS3.10 §8, PS3.3 F.3).</summary>
    public bool IsDirectory => Dataset.Find(DicomTag.DirectoryRecordSequence) is not null;
}
