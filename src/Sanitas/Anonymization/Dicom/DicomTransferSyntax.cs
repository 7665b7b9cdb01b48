namespace Sanitas.Anonymization.Dicom;

/// <summary>How a data set is encoded (PS3.5 §10): VR explicit or implicit, byte order, deflated.</summary>
internal sealed record DicomTransferSyntax(string Uid, bool ExplicitVr, bool LittleEndian, bool Deflated)
{
    public const string ImplicitLittleEndianUid = "1.2.840.10008.1.2";
    public const string ExplicitLittleEndianUid = "1.2.840.10008.1.2.1";
    public const string ExplicitBigEndianUid = "1.2.840.10008.1.2.2";
    public const string DeflatedExplicitLittleEndianUid = "1.2.840.10008.1.2.1.99";

    public static DicomTransferSyntax ImplicitLittleEndian { get; } = new(ImplicitLittleEndianUid, false, true, false);

    public static DicomTransferSyntax ExplicitLittleEndian { get; } = new(ExplicitLittleEndianUid, true, true, false);

    /// <summary>
    /// The encoding of a transfer syntax UID. Every syntax not listed here (JPEG, JPEG 2000, RLE, ...) encodes
    /// the data set in explicit VR little endian and only the pixel data differently (PS3.5 §A.4).
    /// </summary>
    public static DicomTransferSyntax FromUid(string uid) => uid switch
    {
        ImplicitLittleEndianUid => ImplicitLittleEndian,
        ExplicitBigEndianUid => new(uid, true, false, false),
        DeflatedExplicitLittleEndianUid => new(uid, true, true, true),
        _ => ExplicitLittleEndian with { Uid = uid },
    };
}
