namespace Sanitas.Anonymization.Dicom;

/// <summary>Properties of value representations (PS3.5 §6.2) that reading, writing and de-identifying need.</summary>
internal static class DicomVr
{
    private static readonly HashSet<string> Known =
    [
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
        "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    ];

    // Explicit VR with a 2-byte reserved field and a 4-byte length (PS3.5 Table 7.1-1).
    private static readonly HashSet<string> LongLength = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    // Strings whose bytes depend on the Specific Character Set (PS3.5 §6.1.2.3).
    private static readonly HashSet<string> CharsetText = ["SH", "LO", "UC", "ST", "LT", "UT", "PN"];

    private static readonly HashSet<string> AsciiText = ["AE", "AS", "CS", "DA", "DS", "DT", "IS", "TM", "UI", "UR"];

    public static bool IsKnown(string vr) => Known.Contains(vr);

    public static bool HasLongLength(string vr) => LongLength.Contains(vr);

    public static bool IsText(string vr) => CharsetText.Contains(vr) || AsciiText.Contains(vr);

    public static bool IsCharsetText(string vr) => CharsetText.Contains(vr);

    /// <summary>UIs are padded with a NUL byte to even length, every other string with a space (PS3.5 §6.2).</summary>
    public static byte PaddingByte(string vr) => vr == "UI" ? (byte)0 : (byte)' ';

    /// <summary>The longest value (in characters) a VR allows, or int.MaxValue.</summary>
    public static int MaxLength(string vr) => vr switch
    {
        "AE" or "CS" or "SH" or "DA" => 16,
        "TM" => 14,
        "DT" => 26,
        "LO" or "UI" or "PN" => 64,
        "AS" => 4,
        _ => int.MaxValue,
    };
}
