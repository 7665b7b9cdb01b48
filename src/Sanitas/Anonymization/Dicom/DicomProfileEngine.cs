using System.Globalization;
using System.Text;

namespace Sanitas.Anonymization.Dicom;

/// <summary>
/// Applies PS3.15 Annex E to one data set and its sequences, attribute by attribute, as Table E.1-1 and the
/// chosen options say. Composite codes take the conformance-keeping reading: X/Z, Z/D and X/Z/D empty the
/// value, X/D removes it, X/Z/U* keeps a sequence and replaces the UIDs inside (its items go through the same
/// table). Attributes not in the table are kept; private elements are removed unless safelisted; curve (50xx)
/// and overlay (60xx) groups are removed; group lengths are dropped (they would be stale).
/// </summary>
internal sealed class DicomProfileEngine
{
    private readonly AnnexETable _table = AnnexETable.Default;
    private readonly DicomDeidentificationOptions _options;
    private readonly DicomPseudonyms _pseudonyms;
    private readonly HashSet<(ushort Group, string Creator, byte Element)> _safePrivate;

    public DicomProfileEngine(DicomDeidentificationOptions options, DicomPseudonyms pseudonyms)
    {
        _options = options;
        _pseudonyms = pseudonyms;
        _safePrivate = options.SafePrivateTags.Select(ParseSafePrivate).ToHashSet();
        if (_safePrivate.Count > 0 && !options.Options.Contains(DicomProfileOption.RetainSafePrivate))
        {
            throw InvalidOptionException.Of("safePrivate", "Safelisted private elements are given but the profile lacks 'retain-safe-private'.");
        }
        if (options.MaxDateShiftDays < 1)
        {
            throw InvalidOptionException.Of("maxDateShiftDays", $"The largest date shift must be at least 1 day (got {options.MaxDateShiftDays}).");
        }
    }

    /// <summary>The state of one patient's data set: pseudonym, date offset, identifiers to clean from text, counts.</summary>
    internal sealed class Context
    {
        public required string? PatientKey { get; init; }

        public required IReadOnlyList<string> Identifiers { get; init; }

        public int Removed, Emptied, Dummied, UidsReplaced, DatesShifted, Cleaned, Kept, PrivateRemoved, PrivateKept;

        public DicomActionCounts Counts() => new(Removed, Emptied, Dummied, UidsReplaced, DatesShifted, Cleaned, Kept, PrivateRemoved, PrivateKept);
    }

    /// <summary>The patient key (Patient ID, else Patient's Name) and the identifying strings of a data set.</summary>
    public static Context ContextOf(DicomDataset dataset, IReadOnlyList<string> charset, string? patientKey = null)
    {
        string? Text(uint tag) => dataset.Find(new DicomTag((ushort)(tag >> 16), (ushort)tag)) is { IsSequence: false } e && DicomVr.IsText(e.Vr)
            ? DicomCharset.Decode(e.Value, charset).Trim(' ', '\0')
            : null;
        var id = Text(0x00100020);
        var name = Text(0x00100010);
        patientKey ??= !string.IsNullOrEmpty(id) ? "id:" + id : !string.IsNullOrEmpty(name) ? "name:" + name : null;
        var identifiers = new List<string>();
        uint[] identifying =
        [
            0x00100010, 0x00100020, 0x00101000, 0x00101001, 0x00080050, 0x00100030, 0x00080080, 0x00080081, 0x00080090,
            0x00081050, 0x00081070, 0x00081060, 0x00081048, 0x00081010, 0x00101040, 0x00102154, 0x00200010,
        ];
        foreach (var tag in identifying)
        {
            if (Text(tag) is not { Length: > 0 } value)
            {
                continue;
            }
            identifiers.Add(value);
            // Person names also by component (family, given, ... in each of the three groups).
            identifiers.AddRange(value.Split('^', '=', '\\', ' ').Where(part => part.Length >= 3));
        }
        return new Context { PatientKey = patientKey, Identifiers = identifiers.Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(s => s.Length).ToList() };
    }

    public void Process(DicomDataset dataset, Context context, IReadOnlyList<string> inheritedCharset)
    {
        var charset = dataset.Find(DicomTag.SpecificCharacterSet) is { } cs ? DicomCharset.ParseTerms(cs.Value) : inheritedCharset;
        var keptBlocks = new HashSet<(ushort, byte)>();
        var creators = dataset.Elements.Where(e => e.Tag.IsPrivateCreator)
            .ToDictionary(e => (e.Tag.Group, (byte)e.Tag.Element), e => Encoding.ASCII.GetString(e.Value).Trim(' ', '\0'));
        foreach (var element in dataset.Elements.ToList())
        {
            var tag = element.Tag;
            if (tag.Element == 0x0000 && tag.Group != 0x0002)
            {
                dataset.Elements.Remove(element);
                continue;
            }
            if (tag.IsPrivate)
            {
                if (tag.IsPrivateCreator)
                {
                    continue;
                }
                var block = (byte)(tag.Element >> 8);
                var safe = tag.Element >= 0x1000 && creators.TryGetValue((tag.Group, block), out var creator)
                    && _safePrivate.Contains((tag.Group, creator, (byte)tag.Element));
                if (safe)
                {
                    keptBlocks.Add((tag.Group, block));
                    context.PrivateKept++;
                    RecurseInto(element, context, charset);
                }
                else
                {
                    dataset.Elements.Remove(element);
                    context.PrivateRemoved++;
                }
                continue;
            }
            if (_table.Find(tag) is not { } entry)
            {
                RecurseInto(element, context, charset);
                continue;
            }
            Apply(dataset, element, Resolve(entry.ActionFor(_options.Options)), context, charset);
        }
        // A private creator stays only when an element of its block stayed.
        dataset.Elements.RemoveAll(e =>
        {
            if (!e.Tag.IsPrivateCreator || keptBlocks.Contains((e.Tag.Group, (byte)e.Tag.Element)))
            {
                return false;
            }
            context.PrivateRemoved++;
            return true;
        });
    }

    /// <summary>Reads a composite code the conformance-keeping way (see the class summary).</summary>
    internal static string Resolve(string code) => code switch
    {
        "X/Z" or "Z/D" or "X/Z/D" => "Z",
        "X/D" => "X",
        "X/Z/U*" => "U",
        _ => code,
    };

    private void Apply(DicomDataset dataset, DicomElement element, string action, Context context, IReadOnlyList<string> charset)
    {
        switch (action)
        {
            case "X":
                dataset.Elements.Remove(element);
                context.Removed++;
                break;
            case "Z":
                Empty(element, context);
                break;
            case "D":
                if (element.IsSequence)
                {
                    RecurseInto(element, context, charset);
                }
                else
                {
                    element.Value = DicomWriter.EncodeString(Dummy(element), element.Vr);
                }
                context.Dummied++;
                break;
            case "U":
                if (element.IsSequence)
                {
                    RecurseInto(element, context, charset);
                }
                else if (element.Value.Length > 0)
                {
                    var uids = Encoding.ASCII.GetString(element.Value).TrimEnd('\0', ' ').Split('\\');
                    element.Value = DicomWriter.EncodeString(string.Join('\\', uids.Select(u => u.Length == 0 ? u : _pseudonyms.Uid(u.Trim()))), "UI");
                    context.UidsReplaced++;
                }
                break;
            case "K":
                RecurseInto(element, context, charset);
                context.Kept++;
                break;
            case "C":
                Clean(element, context, charset);
                break;
            default:
                throw new InvalidOperationException($"PS3.15 action code '{action}' of {element.Tag} is not implemented.");
        }
    }

    private void Empty(DicomElement element, Context context)
    {
        context.Emptied++;
        if (element.IsSequence)
        {
            element.Items!.Clear();
            return;
        }
        if ((element.Tag == DicomTag.PatientId || element.Tag == DicomTag.PatientName) && context.PatientKey is { } key)
        {
            // Z allows a dummy value (PS3.15 E.1.1 note); a keyed pseudonym keeps a patient's files together.
            element.Value = DicomWriter.EncodeString(_pseudonyms.Patient(key), element.Vr);
            return;
        }
        element.Value = [];
    }

    private static string Dummy(DicomElement element) => element.Vr switch
    {
        "DA" => "19000101",
        "TM" => "000000",
        "DT" => "19000101000000",
        "DS" or "IS" => "0",
        "AS" => "000D",
        "UR" => "",
        "UI" => "",
        _ when DicomVr.IsText(element.Vr) => "ANONYMIZED",
        _ => "",
    };

    private void Clean(DicomElement element, Context context, IReadOnlyList<string> charset)
    {
        if (element.IsSequence)
        {
            RecurseInto(element, context, charset);
            context.Cleaned++;
            return;
        }
        var modifiedDates = _options.Options.Contains(DicomProfileOption.RetainLongitudinalModifiedDates);
        if (element.Vr is "DA" or "DT" or "TM")
        {
            if (!modifiedDates || element.Vr == "TM")
            {
                // Times stay: a shift by whole days keeps them; without the option C does not apply to dates.
                context.Kept++;
                return;
            }
            var shifted = ShiftDates(Encoding.ASCII.GetString(element.Value).TrimEnd(' ', '\0'), element.Vr, context);
            if (shifted is null)
            {
                element.Value = [];
                context.Emptied++;
            }
            else
            {
                element.Value = DicomWriter.EncodeString(shifted, element.Vr);
                context.DatesShifted++;
            }
            return;
        }
        if (!DicomVr.IsText(element.Vr))
        {
            context.Kept++;
            return;
        }
        var text = DicomCharset.Decode(element.Value, charset);
        var cleaned = text;
        foreach (var identifier in context.Identifiers)
        {
            cleaned = cleaned.Replace(identifier, new string('*', identifier.Length), StringComparison.OrdinalIgnoreCase);
        }
        if (cleaned == text)
        {
            context.Kept++;
            return;
        }
        // Re-encode in the data set's character set; where that is an ISO 2022 set with escapes, fall back to ASCII stars.
        var encoding = charset.Count == 1 && element.Value.AsSpan().IndexOf((byte)0x1B) < 0 ? DicomCharset.SingleEncoding(charset[0]) : null;
        var bytes = encoding is null ? Encoding.ASCII.GetBytes(new string('*', Math.Min(cleaned.Length, 16))) : encoding.GetBytes(cleaned);
        if (bytes.Length % 2 == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = (byte)' ';
        }
        element.Value = bytes;
        context.Cleaned++;
    }

    /// <summary>Moves each date of a DA or DT value back by the patient's offset; null when a date cannot be read (the value is then emptied).</summary>
    private string? ShiftDates(string value, string vr, Context context)
    {
        if (value.Length == 0)
        {
            return value;
        }
        if (context.PatientKey is null)
        {
            return null;
        }
        var days = _pseudonyms.DateShiftDays(context.PatientKey, _options.MaxDateShiftDays);
        var parts = value.Split('\\');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            var datePart = vr == "DA" ? part.Replace(".", "", StringComparison.Ordinal) : part;
            if (datePart.Length < 8 || !DateOnly.TryParseExact(datePart[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return null;
            }
            parts[i] = date.AddDays(-days).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (vr == "DT" ? datePart[8..] : "");
        }
        return string.Join('\\', parts);
    }

    private void RecurseInto(DicomElement element, Context context, IReadOnlyList<string> charset)
    {
        if (element.Items is not { } items)
        {
            return;
        }
        foreach (var item in items)
        {
            Process(item, context, charset);
        }
    }

    private static (ushort, string, byte) ParseSafePrivate(string entry)
    {
        // GGGG,xxEE@CREATOR
        var at = entry.IndexOf('@', StringComparison.Ordinal);
        var tagPart = at < 0 ? entry : entry[..at];
        var hex = tagPart.Trim('(', ')', ' ').Replace(",", "", StringComparison.Ordinal);
        if (at < 0 || hex.Length != 8 || !hex[4..6].Equals("xx", StringComparison.OrdinalIgnoreCase)
            || !ushort.TryParse(hex[..4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var group) || (group & 1) == 0
            || !byte.TryParse(hex[6..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var element))
        {
            throw InvalidOptionException.Of("safePrivate", $"Safe private element '{entry}': expected GGGG,xxEE@CREATOR with an odd group, e.g. 0019,xx0C@GEMS_ACQU_01.");
        }
        return (group, entry[(at + 1)..].Trim(), element);
    }
}
