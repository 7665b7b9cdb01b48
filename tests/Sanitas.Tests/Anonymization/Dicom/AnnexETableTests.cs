using System.Globalization;
using System.Text;
using Sanitas.Anonymization.Dicom;

namespace Sanitas.Tests.Anonymization.Dicom;

/// <summary>
/// Table-driven: every attribute of PS3.15 Table E.1-1 (the data file src/Sanitas/Anonymization/Dicom/AnnexE.csv)
/// is put in one data set, de-identified under several option sets and transfer syntaxes, written, read back,
/// and checked against the action code the table gives it.
/// </summary>
public class AnnexETableTests
{
    private const string OriginalDate = "20200115";
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static readonly string TablePath = Path.Combine(TestData.RepositoryRoot, "src", "Sanitas", "Anonymization", "Dicom", "AnnexE.csv");

    private sealed record Row(string Tag, string Vr, string Name, string Basic, Dictionary<string, string> Options);

    private static readonly Dictionary<DicomProfileOption, string> ColumnOf = new()
    {
        [DicomProfileOption.RetainSafePrivate] = "rtn_safe_priv",
        [DicomProfileOption.RetainUids] = "rtn_uids",
        [DicomProfileOption.RetainDeviceIdentity] = "rtn_dev_id",
        [DicomProfileOption.RetainInstitutionIdentity] = "rtn_inst_id",
        [DicomProfileOption.RetainPatientCharacteristics] = "rtn_pat_chars",
        [DicomProfileOption.RetainLongitudinalFullDates] = "rtn_long_full_dates",
        [DicomProfileOption.RetainLongitudinalModifiedDates] = "rtn_long_modif_dates",
        [DicomProfileOption.CleanDescriptors] = "clean_desc",
    };

    private static List<Row> Rows()
    {
        var lines = File.ReadAllLines(TablePath);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(',')).Select(f => new Row(f[0], f[1], f[2], f[4],
            header.Select((h, i) => (h, i)).Where(p => p.h.StartsWith("rtn_", StringComparison.Ordinal) || p.h.StartsWith("clean_", StringComparison.Ordinal))
                .ToDictionary(p => p.h, p => f[p.i]))).ToList();
    }

    [Fact]
    public void The_table_file_holds_the_standard_rows()
    {
        var rows = Rows();

        // PS3.15 (2023+) Table E.1-1: a few hundred attributes, each with a Basic Profile code.
        Assert.True(rows.Count > 450, $"{rows.Count} rows");
        Assert.All(rows, r => Assert.Matches("^(X|Z|D|U|X/Z|X/D|Z/D|X/Z/D|X/Z/U\\*)$", r.Basic));
        Assert.Equal(rows.Count, rows.Select(r => r.Tag).Distinct().Count());
        // Spot checks against the standard's text.
        Assert.Equal("Z", rows.Single(r => r.Name == "Patient's Name").Basic);
        Assert.Equal("U", rows.Single(r => r.Name == "Study Instance UID").Basic);
        Assert.Equal("K", rows.Single(r => r.Name == "Patient's Age").Options["rtn_pat_chars"]);
        Assert.Equal("C", rows.Single(r => r.Name == "Study Date").Options["rtn_long_modif_dates"]);
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var profile in new[] { "basic", "basic,retain-dates,retain-patient-characteristics,clean-descriptors", "basic,retain-full-dates,retain-uids,retain-device-identity,retain-institution-identity" })
        {
            foreach (var syntax in new[] { "1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.2" })
            {
                data.Add(profile, syntax);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_attribute_of_the_table_is_handled_as_its_action_code_says(string profile, string syntaxUid)
    {
        var options = DicomDeidentificationOptions.ParseProfile(profile);
        var rows = Rows().Where(r => r.Tag != "gggg" && !r.Tag.StartsWith("0002", StringComparison.Ordinal)).ToList();
        var dataset = new DicomDataset();
        var originals = new Dictionary<DicomTag, DicomElement>();
        foreach (var row in rows)
        {
            var element = Make(row);
            dataset.Set(element);
            originals[element.Tag] = Clone(element);
        }
        dataset.Set(new DicomElement(DicomTag.SpecificCharacterSet, "CS", DicomWriter.EncodeString("ISO_IR 100", "CS")));
        var file = new DicomFile(new DicomDataset(), dataset, DicomTransferSyntax.FromUid(syntaxUid), hadPreamble: true);

        using var pseudonyms = new DicomPseudonyms(Key);
        var engine = new DicomProfileEngine(new DicomDeidentificationOptions { Key = Key, Options = options }, pseudonyms);
        var (bytes, _) = DicomDeidentifier.DeidentifyFile(file, engine, new DicomDeidentificationOptions { Key = Key, Options = options }, pseudonyms, new HashSet<string>());
        var output = DicomReader.Read(bytes, "deidentified").Dataset;

        var shifts = new HashSet<int>();
        foreach (var row in rows)
        {
            var tag = TagOf(row);
            var original = originals[tag];
            var actual = output.Find(tag);
            var action = Expected(row, options);
            var what = $"{row.Name} {tag} {row.Vr}: expected {action} under {profile}";
            switch (action)
            {
                case "X":
                    Assert.True(actual is null, what);
                    break;
                case "Z":
                    Assert.True(actual is not null, what);
                    if (tag == DicomTag.PatientId || tag == DicomTag.PatientName)
                    {
                        Assert.StartsWith("SAN-", Text(actual!), StringComparison.Ordinal);
                    }
                    else
                    {
                        Assert.True(actual!.IsSequence ? actual.Items!.Count == 0 : actual.Value.Length == 0, what);
                    }
                    break;
                case "D":
                    Assert.True(actual is not null, what);
                    if (original.IsSequence)
                    {
                        Assert.True(actual!.Items!.Count == 1, what);
                    }
                    else
                    {
                        Assert.False(actual!.Value.AsSpan().SequenceEqual(original.Value), what);
                    }
                    break;
                case "U":
                    Assert.True(actual is not null, what);
                    if (original.IsSequence)
                    {
                        Assert.True(actual!.Items!.Count == 1, what);
                    }
                    else
                    {
                        Assert.StartsWith("2.25.", Text(actual!), StringComparison.Ordinal);
                        Assert.True(Text(actual!).Length <= 64, what);
                        Assert.Equal(pseudonyms.Uid(Text(original)), Text(actual!));
                    }
                    break;
                case "K":
                    Assert.True(actual is not null, what);
                    Assert.True(actual!.IsSequence ? actual.Items!.Count == 1 : actual.Value.AsSpan().SequenceEqual(original.Value), what);
                    break;
                case "C":
                    Assert.True(actual is not null, what);
                    if (row.Vr is "DA" or "DT")
                    {
                        var shifted = DateOnly.ParseExact(Text(actual!)[..8], "yyyyMMdd", CultureInfo.InvariantCulture);
                        var days = DateOnly.ParseExact(OriginalDate, "yyyyMMdd", CultureInfo.InvariantCulture).DayNumber - shifted.DayNumber;
                        Assert.InRange(days, 1, 3650);
                        shifts.Add(days);
                    }
                    else if (!original.IsSequence)
                    {
                        // Nothing identifying in the text, so cleaning keeps it (times stay under a whole-day shift).
                        Assert.True(actual!.Value.AsSpan().SequenceEqual(original.Value), what);
                    }
                    break;
                default:
                    Assert.Fail($"{what}: no check for this code");
                    break;
            }
        }
        // One patient, one shift.
        Assert.True(shifts.Count <= 1, $"date shifts {string.Join(", ", shifts)}");
        Assert.Equal(options.Contains(DicomProfileOption.RetainLongitudinalModifiedDates), shifts.Count == 1);
        Assert.Equal("YES", Text(output.Find(DicomTag.PatientIdentityRemoved)!));
    }

    /// <summary>The test's own reading of the table: an option's code overrides the Basic Profile's, K before C before others; composite codes as documented.</summary>
    private static string Expected(Row row, IReadOnlySet<DicomProfileOption> options)
    {
        var codes = options.Select(o => row.Options[ColumnOf[o]]).Where(c => c.Length > 0).ToList();
        var code = codes.Contains("K") ? "K" : codes.Contains("C") ? "C" : codes.FirstOrDefault() ?? row.Basic;
        return code switch
        {
            "X/Z" or "Z/D" or "X/Z/D" => "Z",
            "X/D" => "X",
            "X/Z/U*" => "U",
            _ => code,
        };
    }

    private static DicomTag TagOf(Row row) => DicomTag.Parse(row.Tag.Replace('x', '0').Replace('X', '0'));

    private static DicomElement Make(Row row)
    {
        var tag = TagOf(row);
        if (row.Vr == "SQ")
        {
            var item = new DicomDataset();
            item.Set(new DicomElement(new DicomTag(0x0008, 0x0100), "SH", DicomWriter.EncodeString("CODE1", "SH")));
            return new DicomElement(tag, "SQ", []) { Items = [item] };
        }
        var text = row.Vr switch
        {
            "DA" => OriginalDate,
            "DT" => OriginalDate + "101500",
            "TM" => "101500",
            "UI" => "1.2.826.0.1.3680043.9." + tag.Value.ToString(CultureInfo.InvariantCulture),
            "DS" or "IS" => "42",
            "AS" => "042Y",
            "CS" => "ORIGINAL",
            "AE" => "STATION1",
            _ => null,
        };
        if (text is not null)
        {
            return new DicomElement(tag, row.Vr, DicomWriter.EncodeString(text, row.Vr));
        }
        if (DicomVr.IsText(row.Vr))
        {
            // Distinct per attribute, so no attribute's value is another's identifier.
            var value = row.Vr == "PN" ? $"Family{tag.Value:X8}^Given" : $"Note-{tag.Value:X8}";
            return new DicomElement(tag, row.Vr, DicomWriter.EncodeString(value, row.Vr));
        }
        return new DicomElement(tag, row.Vr.Length == 2 ? row.Vr : "OB", [1, 2, 3, 4]);
    }

    private static DicomElement Clone(DicomElement e) => new(e.Tag, e.Vr, e.Value.ToArray()) { Items = e.Items?.ToList() };

    private static string Text(DicomElement e) => Encoding.ASCII.GetString(e.Value).TrimEnd(' ', '\0');

    [Fact]
    public void Clean_descriptors_removes_the_patients_own_identifiers_from_free_text()
    {
        var dataset = new DicomDataset();
        dataset.Set(new DicomElement(DicomTag.SpecificCharacterSet, "CS", DicomWriter.EncodeString("ISO_IR 100", "CS")));
        dataset.Set(new DicomElement(DicomTag.PatientName, "PN", Encoding.Latin1.GetBytes("Müller^Jürgen")));
        dataset.Set(new DicomElement(DicomTag.PatientId, "LO", DicomWriter.EncodeString("PID-4711", "LO")));
        dataset.Set(new DicomElement(new DicomTag(0x0008, 0x1030), "LO", Encoding.Latin1.GetBytes("CT thorax of MÜLLER, id PID-4711 ")));
        dataset.Set(new DicomElement(new DicomTag(0x0008, 0x103E), "LO", DicomWriter.EncodeString("Axial 5mm", "LO")));
        var file = new DicomFile(new DicomDataset(), dataset, DicomTransferSyntax.ExplicitLittleEndian, hadPreamble: true);
        var options = new DicomDeidentificationOptions { Key = Key, Options = DicomDeidentificationOptions.ParseProfile("basic,clean-descriptors") };
        using var pseudonyms = new DicomPseudonyms(Key);

        var (bytes, outcome) = DicomDeidentifier.DeidentifyFile(file, new DicomProfileEngine(options, pseudonyms), options, pseudonyms, new HashSet<string>());
        var output = DicomReader.Read(bytes, "out").Dataset;

        Assert.Equal("CT thorax of ******, id ********", Encoding.Latin1.GetString(output.Find(new DicomTag(0x0008, 0x1030))!.Value).TrimEnd());
        Assert.Equal("Axial 5mm", Text(output.Find(new DicomTag(0x0008, 0x103E))!));
        Assert.Equal(1, outcome.Actions.Cleaned);
    }
}
