using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Sanitas.Anonymization.Dicom;

/// <summary>
/// Writes a <see cref="DicomFile"/> as a Part 10 file in its own transfer syntax: a zero preamble, "DICM", the file
/// meta information (group length recomputed) and the data set. Values, items and pixel data fragments are written
/// from their raw bytes, so what was not changed stays byte-identical; lengths of defined-length sequences and
/// items are recomputed.
/// </summary>
internal static class DicomWriter
{
    /// <summary>Sanitas's implementation class UID (a UUID-derived UID under 2.25, PS3.5 §B.2).</summary>
    public const string ImplementationClassUid = "2.25.98121893418829071340625416632735212717";

    private const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>Encodes the file; when <paramref name="itemOffsets"/> is given, records each item's byte offset in the output.</summary>
    public static byte[] Write(DicomFile file, Dictionary<DicomDataset, long>? itemOffsets = null)
    {
        using var output = new MemoryStream();
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        var meta = CompleteMeta(file);
        var metaSyntax = DicomTransferSyntax.ExplicitLittleEndian;
        var groupLength = meta.Elements.Where(e => e.Tag.Element != 0).Sum(e => ElementLength(e, metaSyntax));
        var lengthValue = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(lengthValue, (uint)groupLength);
        meta.Set(new DicomElement(new DicomTag(0x0002, 0x0000), "UL", lengthValue));
        foreach (var element in meta.Elements)
        {
            WriteElement(output, element, metaSyntax, itemOffsets: null);
        }
        if (file.TransferSyntax.Deflated)
        {
            using var body = new MemoryStream();
            WriteDataset(body, file.Dataset, file.TransferSyntax, itemOffsets: null);
            using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
            {
                body.Position = 0;
                body.CopyTo(deflate);
            }
        }
        else
        {
            WriteDataset(output, file.Dataset, file.TransferSyntax, itemOffsets);
        }
        return output.ToArray();
    }

    /// <summary>The meta information to write: the file's own, or (for a bare data set) one built from the data set.</summary>
    private static DicomDataset CompleteMeta(DicomFile file)
    {
        var meta = new DicomDataset();
        foreach (var element in file.Meta.Elements)
        {
            meta.Elements.Add(element);
        }
        if (meta.Find(new DicomTag(0x0002, 0x0001)) is null)
        {
            meta.Set(new DicomElement(new DicomTag(0x0002, 0x0001), "OB", [0, 1]));
        }
        if (meta.Find(DicomTag.MediaStorageSopClassUid) is null && file.Dataset.Find(DicomTag.SopClassUid) is { } sopClass)
        {
            meta.Set(new DicomElement(DicomTag.MediaStorageSopClassUid, "UI", sopClass.Value));
        }
        if (meta.Find(DicomTag.MediaStorageSopInstanceUid) is null && file.Dataset.Find(DicomTag.SopInstanceUid) is { } sopInstance)
        {
            meta.Set(new DicomElement(DicomTag.MediaStorageSopInstanceUid, "UI", sopInstance.Value));
        }
        if (meta.Find(DicomTag.TransferSyntaxUid) is null)
        {
            meta.Set(new DicomElement(DicomTag.TransferSyntaxUid, "UI", EncodeString(file.TransferSyntax.Uid, "UI")));
        }
        meta.Set(new DicomElement(new DicomTag(0x0002, 0x0012), "UI", EncodeString(ImplementationClassUid, "UI")));
        meta.Set(new DicomElement(new DicomTag(0x0002, 0x0013), "SH", EncodeString("SANITAS", "SH")));
        return meta;
    }

    /// <summary>ASCII bytes of a string value padded to even length as its VR requires.</summary>
    public static byte[] EncodeString(string value, string vr)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length % 2 == 0)
        {
            return bytes;
        }
        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = DicomVr.PaddingByte(vr);
        return padded;
    }

    private static void WriteDataset(Stream output, DicomDataset dataset, DicomTransferSyntax syntax, Dictionary<DicomDataset, long>? itemOffsets)
    {
        foreach (var element in dataset.Elements)
        {
            WriteElement(output, element, syntax, itemOffsets);
        }
    }

    private static void WriteElement(Stream output, DicomElement element, DicomTransferSyntax syntax, Dictionary<DicomDataset, long>? itemOffsets)
    {
        var little = syntax.LittleEndian;
        var contentLength = ContentLength(element, syntax);
        var undefined = (element.IsSequence && element.UndefinedLength) || element.IsEncapsulated;
        WriteTag(output, element.Tag, little);
        var length = undefined ? UndefinedLength : (uint)contentLength;
        if (syntax.ExplicitVr)
        {
            output.Write(Encoding.ASCII.GetBytes(element.Vr));
            if (DicomVr.HasLongLength(element.Vr))
            {
                output.Write([0, 0]);
                WriteU32(output, length, little);
            }
            else
            {
                if (contentLength > ushort.MaxValue)
                {
                    throw new DicomFormatException($"{element.Tag} ({element.Vr}) has {contentLength} bytes, more than its VR's 16-bit length allows.");
                }
                WriteU16(output, (ushort)contentLength, little);
            }
        }
        else
        {
            WriteU32(output, length, little);
        }
        if (element.Fragments is { } fragments)
        {
            foreach (var fragment in fragments)
            {
                WriteTag(output, DicomTag.Item, little);
                WriteU32(output, (uint)fragment.Length, little);
                output.Write(fragment);
            }
            WriteTag(output, DicomTag.SequenceDelimitation, little);
            WriteU32(output, 0, little);
        }
        else if (element.Items is { } items)
        {
            var itemSyntax = element.ImplicitSequenceInUn ? DicomTransferSyntax.ImplicitLittleEndian : syntax;
            foreach (var item in items)
            {
                itemOffsets?.Add(item, output.Position);
                WriteTag(output, DicomTag.Item, itemSyntax.LittleEndian);
                WriteU32(output, item.UndefinedLength ? UndefinedLength : (uint)DatasetLength(item, itemSyntax), itemSyntax.LittleEndian);
                WriteDataset(output, item, itemSyntax, itemOffsets);
                if (item.UndefinedLength)
                {
                    WriteTag(output, DicomTag.ItemDelimitation, itemSyntax.LittleEndian);
                    WriteU32(output, 0, itemSyntax.LittleEndian);
                }
            }
            if (element.UndefinedLength)
            {
                WriteTag(output, DicomTag.SequenceDelimitation, itemSyntax.LittleEndian);
                WriteU32(output, 0, itemSyntax.LittleEndian);
            }
        }
        else
        {
            output.Write(element.Value);
        }
    }

    private static long DatasetLength(DicomDataset dataset, DicomTransferSyntax syntax) => dataset.Elements.Sum(e => ElementLength(e, syntax));

    private static long ElementLength(DicomElement element, DicomTransferSyntax syntax)
    {
        var header = syntax.ExplicitVr && DicomVr.HasLongLength(element.Vr) ? 12 : 8;
        return header + ContentLength(element, syntax);
    }

    /// <summary>The bytes after the element header, delimiters included.</summary>
    private static long ContentLength(DicomElement element, DicomTransferSyntax syntax)
    {
        if (element.Fragments is { } fragments)
        {
            return fragments.Sum(f => 8L + f.Length) + 8;
        }
        if (element.Items is { } items)
        {
            var itemSyntax = element.ImplicitSequenceInUn ? DicomTransferSyntax.ImplicitLittleEndian : syntax;
            var total = items.Sum(i => 8 + DatasetLength(i, itemSyntax) + (i.UndefinedLength ? 8 : 0));
            return total + (element.UndefinedLength ? 8 : 0);
        }
        return element.Value.Length;
    }

    private static void WriteTag(Stream output, DicomTag tag, bool little)
    {
        WriteU16(output, tag.Group, little);
        WriteU16(output, tag.Element, little);
    }

    private static void WriteU16(Stream output, ushort value, bool little)
    {
        Span<byte> buffer = stackalloc byte[2];
        if (little)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer, value);
        }
        output.Write(buffer);
    }

    private static void WriteU32(Stream output, uint value, bool little)
    {
        Span<byte> buffer = stackalloc byte[4];
        if (little)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
        }
        output.Write(buffer);
    }
}
