using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Sanitas.Anonymization.Dicom;

/// <summary>
/// Reads DICOM Part 10 files (PS3.10 §7) and, for files without the preamble, bare data sets in implicit or
/// explicit VR little endian. Data sets in explicit VR little or big endian, implicit VR little endian and
/// deflated explicit VR little endian (PS3.5 §A.2–A.5); sequences and items of defined and undefined length;
/// UN sequences in implicit VR (PS3.5 §6.2.2); encapsulated pixel data kept as raw fragments.
/// </summary>
internal sealed class DicomReader
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private readonly byte[] _bytes;
    private readonly string _source;
    private readonly long _baseOffset;

    private DicomReader(byte[] bytes, string source, long baseOffset)
    {
        _bytes = bytes;
        _source = source;
        _baseOffset = baseOffset;
    }

    public static DicomFile ReadFile(string path) => Read(File.ReadAllBytes(path), path);

    /// <summary>Whether the bytes look like DICOM: "DICM" after a preamble, or a bare data set that starts plausibly.</summary>
    public static bool LooksLikeDicom(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 132 && bytes[128..132].SequenceEqual("DICM"u8))
        {
            return true;
        }
        if (bytes.Length < 8)
        {
            return false;
        }
        var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        if (group is not (0x0002 or 0x0008))
        {
            return false;
        }
        var explicitVr = DicomVr.IsKnown(Encoding.ASCII.GetString(bytes[4..6]));
        return explicitVr || BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]) < (uint)bytes.Length;
    }

    public static DicomFile Read(byte[] bytes, string source)
    {
        var reader = new DicomReader(bytes, source, 0);
        var hadPreamble = bytes.Length >= 132 && bytes.AsSpan(128, 4).SequenceEqual("DICM"u8);
        if (!hadPreamble && !LooksLikeDicom(bytes))
        {
            throw new DicomFormatException($"{source}: not a DICOM file (no 'DICM' at byte 128 and no data set at byte 0).");
        }
        var pos = hadPreamble ? 132 : 0;
        var meta = new DicomDataset();
        var metaSyntax = DicomTransferSyntax.ExplicitLittleEndian;
        while (pos + 8 <= bytes.Length && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos)) == 0x0002)
        {
            var element = reader.ReadElement(ref pos, bytes.Length, metaSyntax, []) ?? throw reader.Error(pos, "unexpected item tag in the file meta information");
            meta.Elements.Add(element);
        }
        DicomTransferSyntax syntax;
        if (meta.Find(DicomTag.TransferSyntaxUid) is { } ts)
        {
            syntax = DicomTransferSyntax.FromUid(Encoding.ASCII.GetString(ts.Value).TrimEnd('\0', ' '));
        }
        else
        {
            // No meta information: guess the encoding from the first element, as the toolkits do (PS3.10 only allows this for legacy files).
            var explicitVr = pos + 6 <= bytes.Length && DicomVr.IsKnown(Encoding.ASCII.GetString(bytes, pos + 4, 2));
            syntax = explicitVr ? DicomTransferSyntax.ExplicitLittleEndian : DicomTransferSyntax.ImplicitLittleEndian;
        }
        DicomDataset dataset;
        if (syntax.Deflated)
        {
            using var inflated = new MemoryStream();
            using (var deflate = new DeflateStream(new MemoryStream(bytes, pos, bytes.Length - pos), CompressionMode.Decompress))
            {
                deflate.CopyTo(inflated);
            }
            var body = inflated.ToArray();
            var inner = new DicomReader(body, source + " (inflated)", 0);
            var p = 0;
            dataset = inner.ReadDataset(ref p, body.Length, syntax, untilItemDelimiter: false, []);
        }
        else
        {
            dataset = reader.ReadDataset(ref pos, bytes.Length, syntax, untilItemDelimiter: false, []);
        }
        return new DicomFile(meta, dataset, syntax, hadPreamble);
    }

    private DicomDataset ReadDataset(ref int pos, int end, DicomTransferSyntax syntax, bool untilItemDelimiter, IReadOnlyList<string> parentCharset)
    {
        var dataset = new DicomDataset();
        while (pos < end)
        {
            if (end - pos < 8)
            {
                // Trailing padding shorter than a tag: some writers leave a few zero bytes.
                if (_bytes.AsSpan(pos, end - pos).IndexOfAnyExcept((byte)0) < 0)
                {
                    pos = end;
                    break;
                }
                throw Error(pos, $"{end - pos} bytes left, too few for a data element");
            }
            var start = pos;
            var element = ReadElement(ref pos, end, syntax, parentCharset);
            if (element is null)
            {
                var tag = ReadTag(start, syntax.LittleEndian);
                if (tag == DicomTag.ItemDelimitation && untilItemDelimiter)
                {
                    return dataset;
                }
                throw Error(start, $"unexpected {tag} inside a data set");
            }
            dataset.Elements.Add(element);
        }
        if (untilItemDelimiter)
        {
            throw Error(pos, "an item of undefined length ends without an item delimitation");
        }
        return dataset;
    }

    /// <summary>Reads one element; returns null (and skips its 8-byte header) for item and delimitation tags.</summary>
    private DicomElement? ReadElement(ref int pos, int end, DicomTransferSyntax syntax, IReadOnlyList<string> parentCharset)
    {
        var start = pos;
        if (end - pos < 8)
        {
            throw Error(pos, "truncated data element header");
        }
        var little = syntax.LittleEndian;
        var tag = ReadTag(pos, little);
        if (tag.Group == 0xFFFE)
        {
            pos += 8;
            return null;
        }
        string vr;
        uint length;
        if (syntax.ExplicitVr)
        {
            vr = Encoding.ASCII.GetString(_bytes, pos + 4, 2);
            if (!DicomVr.IsKnown(vr))
            {
                throw Error(start, $"element {tag} has an unknown VR '{Printable(vr)}'");
            }
            if (DicomVr.HasLongLength(vr))
            {
                if (end - pos < 12)
                {
                    throw Error(pos, $"truncated header of {tag}");
                }
                length = ReadU32(pos + 8, little);
                pos += 12;
            }
            else
            {
                length = ReadU16(pos + 6, little);
                pos += 8;
            }
        }
        else
        {
            vr = DicomDictionary.VrOf(tag) ?? "UN";
            length = ReadU32(pos + 4, little);
            pos += 8;
        }
        if (tag == DicomTag.PixelData && length == UndefinedLength)
        {
            return new DicomElement(tag, vr, []) { Fragments = ReadFragments(ref pos, end, little), UndefinedLength = true };
        }
        var implicitSequence = !syntax.ExplicitVr && vr == "UN" && LooksLikeSequence(pos, end, length);
        if (vr == "SQ" || (length == UndefinedLength && vr == "UN") || implicitSequence)
        {
            // An explicit-VR UN of undefined length is a sequence encoded in implicit VR little endian.
            var unInExplicit = syntax.ExplicitVr && vr == "UN";
            var itemSyntax = unInExplicit ? DicomTransferSyntax.ImplicitLittleEndian : syntax;
            var element = new DicomElement(tag, unInExplicit ? "UN" : "SQ", [])
            {
                Items = ReadItems(ref pos, end, length, itemSyntax, parentCharset),
                UndefinedLength = length == UndefinedLength,
                ImplicitSequenceInUn = unInExplicit,
            };
            return element;
        }
        if (length == UndefinedLength)
        {
            throw Error(start, $"element {tag} ({vr}) has an undefined length but is not a sequence");
        }
        if (length > (uint)(end - pos))
        {
            throw Error(start, $"element {tag} claims {length} bytes but only {end - pos} remain");
        }
        var value = _bytes.AsSpan(pos, (int)length).ToArray();
        pos += (int)length;
        return new DicomElement(tag, vr, value);
    }

    private List<DicomDataset> ReadItems(ref int pos, int end, uint length, DicomTransferSyntax syntax, IReadOnlyList<string> charset)
    {
        var items = new List<DicomDataset>();
        var sequenceEnd = length == UndefinedLength ? end : pos + (int)Math.Min(length, (uint)(end - pos));
        if (length != UndefinedLength && length > (uint)(end - pos))
        {
            throw Error(pos, $"a sequence claims {length} bytes but only {end - pos} remain");
        }
        while (pos < sequenceEnd)
        {
            var itemStart = pos;
            if (sequenceEnd - pos < 8)
            {
                throw Error(pos, "truncated item header");
            }
            var tag = ReadTag(pos, syntax.LittleEndian);
            var itemLength = ReadU32(pos + 4, syntax.LittleEndian);
            pos += 8;
            if (tag == DicomTag.SequenceDelimitation)
            {
                if (length != UndefinedLength)
                {
                    throw Error(itemStart, "sequence delimitation inside a sequence of defined length");
                }
                return items;
            }
            if (tag != DicomTag.Item)
            {
                throw Error(itemStart, $"expected an item tag (FFFE,E000) in a sequence, found {tag}");
            }
            DicomDataset item;
            if (itemLength == UndefinedLength)
            {
                item = ReadDataset(ref pos, sequenceEnd, syntax, untilItemDelimiter: true, charset);
                item.UndefinedLength = true;
            }
            else
            {
                // Stale lengths (an edited DICOMDIR) are read leniently, as DCMTK does: an item runs to the end of the
                // enclosing data at most, and its elements must still parse exactly. The writer recomputes both lengths.
                var itemEnd = pos + (int)Math.Min(itemLength, (uint)(end - pos));
                sequenceEnd = Math.Max(sequenceEnd, itemEnd);
                item = ReadDataset(ref pos, itemEnd, syntax, untilItemDelimiter: false, charset);
            }
            item.FileOffset = _baseOffset + itemStart;
            items.Add(item);
        }
        if (length == UndefinedLength)
        {
            throw Error(pos, "a sequence of undefined length ends without a sequence delimitation");
        }
        return items;
    }

    private List<byte[]> ReadFragments(ref int pos, int end, bool little)
    {
        var fragments = new List<byte[]>();
        while (true)
        {
            if (end - pos < 8)
            {
                throw Error(pos, "encapsulated pixel data ends without a sequence delimitation");
            }
            var tag = ReadTag(pos, little);
            var length = ReadU32(pos + 4, little);
            if (tag == DicomTag.SequenceDelimitation)
            {
                pos += 8;
                return fragments;
            }
            if (tag != DicomTag.Item || length > (uint)(end - pos - 8))
            {
                throw Error(pos, $"bad fragment in encapsulated pixel data ({tag}, {length} bytes)");
            }
            fragments.Add(_bytes.AsSpan(pos + 8, (int)length).ToArray());
            pos += 8 + (int)length;
        }
    }

    private bool LooksLikeSequence(int pos, int end, uint length) =>
        length == UndefinedLength
        || (length >= 8 && length <= (uint)(end - pos)
            && BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(pos)) == 0xFFFE
            && BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(pos + 2)) == 0xE000
            && (BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(pos + 4)) is var itemLength
                && (itemLength == UndefinedLength || itemLength <= length - 8)));

    private DicomTag ReadTag(int pos, bool little) => new(ReadU16(pos, little), ReadU16(pos + 2, little));

    private ushort ReadU16(int pos, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(pos)) : BinaryPrimitives.ReadUInt16BigEndian(_bytes.AsSpan(pos));

    private uint ReadU32(int pos, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(pos)) : BinaryPrimitives.ReadUInt32BigEndian(_bytes.AsSpan(pos));

    private DicomFormatException Error(int pos, string what) => new($"{_source}: at byte {_baseOffset + pos}: {what}.");

    private static string Printable(string text) => new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
