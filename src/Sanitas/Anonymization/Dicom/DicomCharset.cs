using System.Text;

namespace Sanitas.Anonymization.Dicom;

/// <summary>
/// Decodes strings under a data set's Specific Character Set (0008,0005), PS3.5 §6.1 and Annex H–K: the
/// single-byte ISO 8859 sets, UTF-8, GB18030/GBK, and ISO 2022 code extensions with escape sequences
/// (Japanese JIS X 0201/0208, Korean KS X 1001, Chinese GB 2312, ISO 8859 in G1).
/// </summary>
internal static class DicomCharset
{
    private const byte Escape = 0x1B;

    static DicomCharset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Splits the raw value of Specific Character Set into its terms (the first may be empty).</summary>
    public static IReadOnlyList<string> ParseTerms(byte[]? value) =>
        value is null ? [] : Encoding.ASCII.GetString(value).TrimEnd(' ', '\0').Split('\\').Select(t => t.Trim()).ToArray();

    /// <summary>The terms this reader knows; an unknown term is reported, not guessed.</summary>
    public static bool IsSupported(string term) => term.Length == 0 || EncodingOfTerm(term) is not null;

    public static string Decode(ReadOnlySpan<byte> bytes, IReadOnlyList<string> terms)
    {
        var first = terms.Count > 0 ? EncodingOfTerm(terms[0]) ?? Latin1 : Latin1;
        if (bytes.IndexOf(Escape) < 0)
        {
            return first.GetString(bytes);
        }
        var text = new StringBuilder();
        var start = 0;
        var encoding = first;
        while (start < bytes.Length)
        {
            var next = bytes[(start + 1)..].IndexOf(Escape);
            var end = next < 0 ? bytes.Length : start + 1 + next;
            var segment = bytes[start..end];
            if (segment.Length > 0 && segment[0] == Escape)
            {
                var (escapeLength, segmentEncoding, keepEscape) = DecodeEscape(segment);
                encoding = segmentEncoding ?? encoding;
                text.Append(encoding.GetString(keepEscape ? segment : segment[escapeLength..]));
            }
            else
            {
                text.Append(encoding.GetString(segment));
            }
            start = end;
        }
        return text.ToString();
    }

    /// <summary>The encoding of a single-valued character set without code extensions, or null.</summary>
    public static Encoding? SingleEncoding(string term) => term.StartsWith("ISO 2022", StringComparison.Ordinal) ? null : EncodingOfTerm(term);

    private static Encoding Latin1 => Encoding.Latin1;

    private static (int Length, Encoding? Encoding, bool KeepEscape) DecodeEscape(ReadOnlySpan<byte> segment)
    {
        static bool Starts(ReadOnlySpan<byte> s, string code) => s.Length > code.Length && Encoding.ASCII.GetString(s[1..(1 + code.Length)]) == code;
        // ISO 2022 escape sequences of PS3.3 Table C.12-3/C.12-4.
        return segment switch
        {
            _ when Starts(segment, "$)C") => (4, Encoding.GetEncoding(51949), false),
            _ when Starts(segment, "$)A") => (4, Encoding.GetEncoding(936), false),
            _ when Starts(segment, "$B") => (3, Encoding.GetEncoding(50220), true),
            _ when Starts(segment, "$(D") => (4, Encoding.GetEncoding(20932), false),
            _ when Starts(segment, "(B") || Starts(segment, "(J") => (3, Encoding.ASCII, false),
            _ when Starts(segment, ")I") => (3, Encoding.GetEncoding(932), false),
            _ when Starts(segment, "-A") => (3, Encoding.GetEncoding(28591), false),
            _ when Starts(segment, "-B") => (3, Encoding.GetEncoding(28592), false),
            _ when Starts(segment, "-C") => (3, Encoding.GetEncoding(28593), false),
            _ when Starts(segment, "-D") => (3, Encoding.GetEncoding(28594), false),
            _ when Starts(segment, "-F") => (3, Encoding.GetEncoding(28597), false),
            _ when Starts(segment, "-G") => (3, Encoding.GetEncoding(28596), false),
            _ when Starts(segment, "-H") => (3, Encoding.GetEncoding(28598), false),
            _ when Starts(segment, "-L") => (3, Encoding.GetEncoding(28595), false),
            _ when Starts(segment, "-M") => (3, Encoding.GetEncoding(28599), false),
            _ when Starts(segment, "-T") => (3, Encoding.GetEncoding(874), false),
            _ => (1, null, false),
        };
    }

    private static Encoding? EncodingOfTerm(string term) => term switch
    {
        "" or "ISO_IR 6" or "ISO 2022 IR 6" => Encoding.ASCII,
        "ISO_IR 100" or "ISO 2022 IR 100" => Encoding.GetEncoding(28591),
        "ISO_IR 101" or "ISO 2022 IR 101" => Encoding.GetEncoding(28592),
        "ISO_IR 109" or "ISO 2022 IR 109" => Encoding.GetEncoding(28593),
        "ISO_IR 110" or "ISO 2022 IR 110" => Encoding.GetEncoding(28594),
        "ISO_IR 144" or "ISO 2022 IR 144" => Encoding.GetEncoding(28595),
        "ISO_IR 127" or "ISO 2022 IR 127" => Encoding.GetEncoding(28596),
        "ISO_IR 126" or "ISO 2022 IR 126" => Encoding.GetEncoding(28597),
        "ISO_IR 138" or "ISO 2022 IR 138" => Encoding.GetEncoding(28598),
        "ISO_IR 148" or "ISO 2022 IR 148" => Encoding.GetEncoding(28599),
        "ISO_IR 203" or "ISO 2022 IR 203" => Encoding.GetEncoding(28605),
        "ISO_IR 13" or "ISO 2022 IR 13" => Encoding.GetEncoding(932),
        "ISO_IR 166" or "ISO 2022 IR 166" => Encoding.GetEncoding(874),
        "ISO_IR 192" => Encoding.UTF8,
        "GB18030" => Encoding.GetEncoding(54936),
        "GBK" => Encoding.GetEncoding(936),
        "ISO 2022 IR 87" => Encoding.GetEncoding(50220),
        "ISO 2022 IR 159" => Encoding.GetEncoding(20932),
        "ISO 2022 IR 149" => Encoding.GetEncoding(51949),
        "ISO 2022 IR 58" => Encoding.GetEncoding(936),
        _ => null,
    };
}
