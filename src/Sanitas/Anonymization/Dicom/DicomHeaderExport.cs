using Sanitas.Data;

namespace Sanitas.Anonymization.Dicom;

/// <summary>
/// The DICOM header as a table: one row per DICOM file (DICOMDIRs excluded) with its patient, study and series
/// attributes decoded under the file's character set, ready for the relational anonymizer
/// (<c>sanitas anonymize</c>) or for a risk assessment.
/// </summary>
public static class DicomHeaderExport
{
    /// <summary>The exported attributes: column name and tag.</summary>
    public static IReadOnlyList<(string Column, uint Tag)> Attributes { get; } =
    [
        ("SOPClassUID", 0x00080016), ("Modality", 0x00080060), ("SpecificCharacterSet", 0x00080005),
        ("PatientName", 0x00100010), ("PatientID", 0x00100020), ("PatientBirthDate", 0x00100030), ("PatientSex", 0x00100040),
        ("PatientAge", 0x00101010), ("PatientSize", 0x00101020), ("PatientWeight", 0x00101030), ("EthnicGroup", 0x00102160),
        ("StudyInstanceUID", 0x0020000D), ("StudyDate", 0x00080020), ("StudyTime", 0x00080030), ("StudyDescription", 0x00081030),
        ("AccessionNumber", 0x00080050), ("InstitutionName", 0x00080080), ("ReferringPhysicianName", 0x00080090),
        ("Manufacturer", 0x00080070), ("SeriesInstanceUID", 0x0020000E), ("SeriesDescription", 0x0008103E), ("BodyPartExamined", 0x00180015),
    ];

    /// <summary>Reads every DICOM file under <paramref name="input"/> (or the one file) into a table with a <c>file</c> column first.</summary>
    public static Table Read(string input, CancellationToken ct = default)
    {
        var (root, files) = DicomDeidentifier.InputFiles(input);
        var rows = new List<string?[]>();
        foreach (var path in files)
        {
            ct.ThrowIfCancellationRequested();
            var bytes = File.ReadAllBytes(path);
            if (!DicomReader.LooksLikeDicom(bytes))
            {
                continue;
            }
            var file = DicomReader.Read(bytes, path);
            if (file.IsDirectory)
            {
                continue;
            }
            var row = new string?[Attributes.Count + 1];
            row[0] = Path.GetRelativePath(root, path).Replace('\\', '/');
            for (var i = 0; i < Attributes.Count; i++)
            {
                row[i + 1] = Value(file.Dataset, Attributes[i].Tag);
            }
            rows.Add(row);
        }
        var columns = new List<Column> { Column.FromValues("file", rows.Select(r => r[0])) };
        for (var i = 0; i < Attributes.Count; i++)
        {
            var index = i + 1;
            columns.Add(Column.FromValues(Attributes[i].Column, rows.Select(r => r[index])));
        }
        return new Table(columns);
    }

    /// <summary>The decoded value of a top-level text attribute (trailing padding removed), or null when absent or empty.</summary>
    internal static string? Value(DicomDataset dataset, uint tag)
    {
        var element = dataset.Find(new DicomTag((ushort)(tag >> 16), (ushort)tag));
        if (element is null || element.IsSequence || element.Value.Length == 0)
        {
            return null;
        }
        var charset = dataset.Find(DicomTag.SpecificCharacterSet) is { } cs ? DicomCharset.ParseTerms(cs.Value) : [];
        var text = DicomCharset.Decode(element.Value, charset).TrimEnd(' ', '\0');
        return text.Length == 0 ? null : text;
    }
}
