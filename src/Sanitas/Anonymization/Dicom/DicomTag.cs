using System.Globalization;

namespace Sanitas.Anonymization.Dicom;

/// <summary>A DICOM data element tag (group, element), as in PS3.5 §7.1.</summary>
internal readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    public static readonly DicomTag Item = new(0xFFFE, 0xE000);
    public static readonly DicomTag ItemDelimitation = new(0xFFFE, 0xE00D);
    public static readonly DicomTag SequenceDelimitation = new(0xFFFE, 0xE0DD);
    public static readonly DicomTag TransferSyntaxUid = new(0x0002, 0x0010);
    public static readonly DicomTag MediaStorageSopClassUid = new(0x0002, 0x0002);
    public static readonly DicomTag MediaStorageSopInstanceUid = new(0x0002, 0x0003);
    public static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
    public static readonly DicomTag SopClassUid = new(0x0008, 0x0016);
    public static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);
    public static readonly DicomTag PatientName = new(0x0010, 0x0010);
    public static readonly DicomTag PatientId = new(0x0010, 0x0020);
    public static readonly DicomTag PixelData = new(0x7FE0, 0x0010);
    public static readonly DicomTag DirectoryRecordSequence = new(0x0004, 0x1220);
    public static readonly DicomTag DirectoryRecordType = new(0x0004, 0x1430);
    public static readonly DicomTag ReferencedFileId = new(0x0004, 0x1500);
    public static readonly DicomTag PatientIdentityRemoved = new(0x0012, 0x0062);
    public static readonly DicomTag DeidentificationMethod = new(0x0012, 0x0063);
    public static readonly DicomTag DeidentificationMethodCodeSequence = new(0x0012, 0x0064);
    public static readonly DicomTag LongitudinalTemporalInformationModified = new(0x0028, 0x0303);

    /// <summary>The tag as one number, group in the high half: the order of elements in a data set.</summary>
    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>Private tags have an odd group number (PS3.5 §7.8).</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>A private creator element (gggg,0010-00FF) reserves a block of private elements.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public static bool operator <(DicomTag left, DicomTag right) => left.CompareTo(right) < 0;

    public static bool operator >(DicomTag left, DicomTag right) => left.CompareTo(right) > 0;

    public static bool operator <=(DicomTag left, DicomTag right) => left.CompareTo(right) <= 0;

    public static bool operator >=(DicomTag left, DicomTag right) => left.CompareTo(right) >= 0;

    /// <summary>Parses "GGGGEEEE", "GGGG,EEEE" or "(GGGG,EEEE)".</summary>
    public static DicomTag Parse(string text)
    {
        var hex = text.Trim().Trim('(', ')').Replace(",", "", StringComparison.Ordinal);
        if (hex.Length != 8 || !uint.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"'{text}' is not a DICOM tag (expected GGGG,EEEE in hexadecimal).");
        }
        return new DicomTag((ushort)(value >> 16), (ushort)value);
    }

    public override string ToString() => $"({Group:X4},{Element:X4})";
}
