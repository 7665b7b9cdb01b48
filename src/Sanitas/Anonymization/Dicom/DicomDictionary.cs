namespace Sanitas.Anonymization.Dicom;

/// <summary>
/// The VR of a tag for data sets in implicit VR: the attributes of PS3.15 Table E.1-1 (whose VRs the table file
/// carries, from PS3.6) and the few others that reading, DICOMDIR offsets and the header export need.
/// </summary>
internal static class DicomDictionary
{
    private static readonly Dictionary<uint, string> Extra = new()
    {
        [0x00020000] = "UL",
        [0x00020001] = "OB",
        [0x00020002] = "UI",
        [0x00020003] = "UI",
        [0x00020010] = "UI",
        [0x00020012] = "UI",
        [0x00020013] = "SH",
        [0x00020016] = "AE",
        [0x00041130] = "CS",
        [0x00041200] = "UL",
        [0x00041202] = "UL",
        [0x00041212] = "US",
        [0x00041220] = "SQ",
        [0x00041400] = "UL",
        [0x00041410] = "US",
        [0x00041420] = "UL",
        [0x00041430] = "CS",
        [0x00041500] = "CS",
        [0x00041510] = "UI",
        [0x00041512] = "UI",
        [0x00080005] = "CS",
        [0x00080008] = "CS",
        [0x00080016] = "UI",
        [0x00080060] = "CS",
        [0x00080070] = "LO",
        [0x00080100] = "SH",
        [0x00080102] = "SH",
        [0x00080104] = "LO",
        [0x00081090] = "LO",
        [0x00081115] = "SQ",
        [0x00081150] = "UI",
        [0x00081199] = "SQ",
        [0x00180015] = "CS",
        [0x00200011] = "IS",
        [0x00200013] = "IS",
        [0x00120062] = "CS",
        [0x00120063] = "LO",
        [0x00120064] = "SQ",
        [0x00280303] = "CS",
        [0x30060010] = "SQ",
        [0x30060012] = "SQ",
        [0x30060014] = "SQ",
        [0x30060016] = "SQ",
        [0x30060020] = "SQ",
        [0x30060039] = "SQ",
        [0x30060040] = "SQ",
        [0x30060080] = "SQ",
        [0x7FE00010] = "OW",
    };

    public static string? VrOf(DicomTag tag)
    {
        if (Extra.TryGetValue(tag.Value, out var vr))
        {
            return vr;
        }
        if (tag.IsPrivateCreator)
        {
            return "LO";
        }
        return AnnexETable.Default.Find(tag)?.Vr is { Length: 2 } annexVr ? annexVr : null;
    }
}
