namespace Sanitas.Anonymization.Dicom;

/// <summary>
/// One data element as read from a file: its value kept as the raw bytes of the file's transfer syntax, a
/// sequence's items, or an encapsulated pixel data's fragments, so that what is not changed is written back
/// byte for byte.
/// </summary>
internal sealed class DicomElement
{
    public DicomElement(DicomTag tag, string vr, byte[] value)
    {
        Tag = tag;
        Vr = vr;
        Value = value;
    }

    public DicomTag Tag { get; }

    /// <summary>The value representation: from the file (explicit VR) or the dictionary (implicit VR), "UN" when unknown.</summary>
    public string Vr { get; set; }

    /// <summary>The raw value bytes (empty for sequences and encapsulated pixel data).</summary>
    public byte[] Value { get; set; }

    /// <summary>The items of a sequence, or null when this is not a sequence.</summary>
    public List<DicomDataset>? Items { get; set; }

    /// <summary>The items of encapsulated pixel data (the basic offset table first), or null.</summary>
    public List<byte[]>? Fragments { get; set; }

    /// <summary>Whether the file gave this sequence an undefined length (written back the same way).</summary>
    public bool UndefinedLength { get; set; }

    /// <summary>A UN element of undefined length holds a sequence in implicit VR little endian (PS3.5 §6.2.2).</summary>
    public bool ImplicitSequenceInUn { get; set; }

    public bool IsSequence => Items is not null;

    public bool IsEncapsulated => Fragments is not null;
}
