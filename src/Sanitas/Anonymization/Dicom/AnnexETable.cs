using System.Globalization;

namespace Sanitas.Anonymization.Dicom;

/// <summary>
/// PS3.15 Table E.1-1 (Application Level Confidentiality Profile Attributes), read from the data file
/// <c>AnnexE.csv</c> embedded in the library: for each attribute the Basic Profile's action and each option's.
/// The table was transcribed from the standard's table (as machine-readable in innolitics/dicom-standard, which
/// extracts it from the DICOM standard's DocBook source); the VR column comes from the PS3.6 data dictionary.
/// </summary>
internal sealed class AnnexETable
{
    private static readonly string[] OptionColumns =
    [
        "rtn_safe_priv", "rtn_uids", "rtn_dev_id", "rtn_inst_id", "rtn_pat_chars", "rtn_long_full_dates", "rtn_long_modif_dates", "clean_desc",
    ];

    private static readonly DicomProfileOption[] OptionOfColumn =
    [
        DicomProfileOption.RetainSafePrivate, DicomProfileOption.RetainUids, DicomProfileOption.RetainDeviceIdentity,
        DicomProfileOption.RetainInstitutionIdentity, DicomProfileOption.RetainPatientCharacteristics,
        DicomProfileOption.RetainLongitudinalFullDates, DicomProfileOption.RetainLongitudinalModifiedDates, DicomProfileOption.CleanDescriptors,
    ];

    private readonly Dictionary<uint, AnnexEEntry> _exact;
    private readonly List<AnnexEEntry> _wildcards;

    private AnnexETable(IReadOnlyList<AnnexEEntry> entries, AnnexEEntry privateEntry)
    {
        Entries = entries;
        Private = privateEntry;
        _exact = entries.Where(e => e.Mask == 0xFFFFFFFF).ToDictionary(e => e.Tag);
        _wildcards = entries.Where(e => e.Mask != 0xFFFFFFFF).ToList();
    }

    public static AnnexETable Default { get; } = Load();

    /// <summary>The rows for standard attributes (wildcard rows such as overlay groups included).</summary>
    public IReadOnlyList<AnnexEEntry> Entries { get; }

    /// <summary>The row for private attributes (odd groups).</summary>
    public AnnexEEntry Private { get; }

    public AnnexEEntry? Find(DicomTag tag) =>
        _exact.TryGetValue(tag.Value, out var entry) ? entry : _wildcards.Find(w => w.Matches(tag));

    /// <summary>The raw text of the embedded table file.</summary>
    public static string ReadResource()
    {
        using var stream = typeof(AnnexETable).Assembly.GetManifestResourceStream("Sanitas.Anonymization.Dicom.AnnexE.csv")
            ?? throw new InvalidOperationException("The embedded PS3.15 Table E.1-1 (AnnexE.csv) is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static AnnexETable Load()
    {
        var lines = ReadResource().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        var entries = new List<AnnexEEntry>();
        AnnexEEntry? privateEntry = null;
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            var options = new Dictionary<DicomProfileOption, string>();
            for (var i = 0; i < OptionColumns.Length; i++)
            {
                var code = fields[Column(OptionColumns[i])];
                if (code.Length > 0)
                {
                    options[OptionOfColumn[i]] = code;
                }
            }
            var tagText = fields[Column("tag")];
            var basic = fields[Column("basic")];
            if (tagText == "gggg")
            {
                privateEntry = new AnnexEEntry(0, 0, "", fields[Column("name")], basic, options);
                continue;
            }
            var (tag, mask) = ParseWildcardTag(tagText);
            entries.Add(new AnnexEEntry(tag, mask, fields[Column("vr")], fields[Column("name")], basic, options));
        }
        return new AnnexETable(entries, privateEntry ?? throw new InvalidOperationException("AnnexE.csv has no row for private attributes."));
    }

    private static (uint Tag, uint Mask) ParseWildcardTag(string text)
    {
        uint tag = 0, mask = 0;
        foreach (var c in text)
        {
            tag <<= 4;
            mask <<= 4;
            if (c is 'x' or 'X')
            {
                continue;
            }
            tag |= uint.Parse(c.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            mask |= 0xF;
        }
        return (tag, mask);
    }
}
