
namespace Sanitas.Tests.Anonymization.Dicom;

/// <summary>The public DICOM test files in samples/public (pydicom's, dclunie's character sets, DICOMDIRs, the ECG).</summary>
internal static class DicomSamples
{
    public static string Public { get; } = Path.Combine(TestData.RepositoryRoot, "samples", "public");

    public static string DicomFolder { get; } = Path.Combine(Public, "dicom");

    /// <summary>pydicom 2.3.1's inventory of identifying attributes of every file (see PROVENANCE.md).</summary>
    public static string Inventory { get; } = Path.Combine(DicomFolder, "dicom_identifiers.csv");

    /// <summary>Every DICOM file, as paths relative to samples/public ("dicom/..." and "ecg/waveform_ecg.dcm").</summary>
    public static IReadOnlyList<string> All { get; } = File.ReadAllLines(Inventory).Skip(1).Select(l => l.Split(',')[0]).ToList();

    public static string PathOf(string relative) => Path.Combine(Public, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Parses one line of the inventory (RFC 4180 quoting).</summary>
    public static Dictionary<string, string> InventoryRow(string relative)
    {
        var lines = File.ReadAllLines(Inventory);
        var header = Split(lines[0]);
        var row = Split(lines.Single(l => l.StartsWith(relative + ",", StringComparison.Ordinal)));
        return header.Zip(row).ToDictionary(p => p.First, p => p.Second);
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        fields.Add(current.ToString());
        return fields;
    }
}
