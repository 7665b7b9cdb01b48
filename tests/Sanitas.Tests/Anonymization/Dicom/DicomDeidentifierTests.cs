using System.Diagnostics;
using System.Text;
using Sanitas.Anonymization.Dicom;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Anonymization.Dicom;

/// <summary>End to end on every public sample: samples/public/dicom (character sets, DICOMDIRs) and the ECG.</summary>
public sealed class DicomDeidentifierTests : IClassFixture<DicomDeidentifierTests.Run>
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("a test key, not a secret one....");

    private readonly Run _run;

    public DicomDeidentifierTests(Run run) => _run = run;

    /// <summary>De-identifies a copy of samples/public (dicom and ecg folders) once for all tests of the class.</summary>
    public sealed class Run : IDisposable
    {
        private readonly TempFolder _folder = new();

        public Run()
        {
            Input = _folder.File("in");
            foreach (var relative in DicomSamples.All)
            {
                var target = Path.Combine(Input, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(DicomSamples.PathOf(relative), target);
            }
            File.Copy(Path.Combine(DicomSamples.DicomFolder, "dicomdirtests", "README.txt"), Path.Combine(Input, "dicom", "README.txt"));
            Output = _folder.File("out");
            Options = new DicomDeidentificationOptions { Key = Key, Options = DicomDeidentificationOptions.ParseProfile("basic,retain-dates,retain-patient-characteristics,clean-descriptors") };
            Report = DicomDeidentifier.Deidentify(Input, Output, Options);
        }

        public string Input { get; }

        public string Output { get; }

        public DicomDeidentificationOptions Options { get; }

        public DicomDeidentificationReport Report { get; }

        internal IEnumerable<(DicomFile Input, DicomFile Output, DicomFileOutcome Outcome)> Pairs() =>
            Report.Files.Select(f => (DicomReader.ReadFile(Path.Combine(Input, f.Input)), DicomReader.ReadFile(Path.Combine(Output, f.Output)), f));

        public void Dispose() => _folder.Dispose();
    }

    [Fact]
    public void Every_dicom_file_is_written_and_the_rest_is_skipped()
    {
        Assert.Equal(DicomSamples.All.Count, _run.Report.Files.Count);
        Assert.Equal(["dicom/README.txt"], _run.Report.Skipped);
        Assert.False(Directory.EnumerateDirectories(Path.GetDirectoryName(_run.Output)!, "out.partial-*").Any());
    }

    [Fact]
    public void Pixel_data_is_byte_identical()
    {
        var withPixels = 0;
        foreach (var (input, output, outcome) in _run.Pairs())
        {
            var before = DicomDeidentifier.PixelBytes(input.Dataset);
            Assert.Equal(before is not null, outcome.PixelDataIdentical is not null);
            if (before is not null)
            {
                Assert.Equal(before, DicomDeidentifier.PixelBytes(output.Dataset));
                withPixels++;
            }
            Assert.Equal(input.TransferSyntax.Uid, output.TransferSyntax.Uid);
        }
        Assert.True(withPixels >= 40, $"{withPixels} files with pixel data");
    }

    [Fact]
    public void No_name_id_or_accession_number_of_the_input_is_left_anywhere_in_the_output()
    {
        foreach (var (input, _, outcome) in _run.Pairs())
        {
            var bytes = File.ReadAllBytes(Path.Combine(_run.Output, outcome.Output));
            foreach (var tag in new uint[] { 0x00100010, 0x00100020, 0x00080050, 0x00080080, 0x00080090, 0x00100030 })
            {
                var element = input.Dataset.Find(new DicomTag((ushort)(tag >> 16), (ushort)tag));
                var raw = element?.Value is { } v ? Encoding.Latin1.GetString(v).TrimEnd(' ', '\0') : "";
                // The manufacturer's name is kept by the profile and may equal the institution's (MR_small: TOSHIBA in TOSHIBA_MEC).
                if (raw.Length < 4 || raw.All(c => c == '^') || (DicomHeaderExport.Value(input.Dataset, 0x00080070) ?? "").Contains(raw, StringComparison.Ordinal))
                {
                    continue;
                }
                Assert.True(Encoding.Latin1.GetString(bytes).IndexOf(raw, StringComparison.Ordinal) < 0, $"{outcome.Input}: '{raw}' of {tag:X8} is still in {outcome.Output}");
            }
        }
    }

    [Fact]
    public void No_private_element_is_left()
    {
        foreach (var (_, output, outcome) in _run.Pairs())
        {
            Assert.True(DicomReaderTests.CountPrivate(output.Dataset) == 0, outcome.Input);
        }
        Assert.True(_run.Report.Files.Sum(f => f.Actions.PrivateRemoved) > 1000);
    }

    [Fact]
    public void A_patient_keeps_one_pseudonym_and_one_date_shift_across_files()
    {
        var pseudonymOf = new Dictionary<string, string>();
        var shiftOf = new Dictionary<string, int>();
        foreach (var (input, output, outcome) in _run.Pairs().Where(p => !p.Input.IsDirectory))
        {
            var id = DicomHeaderExport.Value(input.Dataset, 0x00100020);
            if (string.IsNullOrEmpty(id))
            {
                continue;
            }
            var pseudonym = DicomHeaderExport.Value(output.Dataset, 0x00100020)!;
            Assert.StartsWith("SAN-", pseudonym, StringComparison.Ordinal);
            Assert.Equal(pseudonymOf.GetValueOrDefault(id, pseudonym), pseudonym);
            pseudonymOf[id] = pseudonym;
            Assert.Equal(pseudonym, DicomHeaderExport.Value(output.Dataset, 0x00100010));
            if (DicomHeaderExport.Value(input.Dataset, 0x00080020) is { Length: 8 } before)
            {
                var after = DicomHeaderExport.Value(output.Dataset, 0x00080020)!;
                var days = DateOnly.ParseExact(before, "yyyyMMdd").DayNumber - DateOnly.ParseExact(after, "yyyyMMdd").DayNumber;
                Assert.InRange(days, 1, 3650);
                Assert.Equal(shiftOf.GetValueOrDefault(id, days), days);
                shiftOf[id] = days;
            }
        }
        Assert.True(pseudonymOf.Count >= 15, $"{pseudonymOf.Count} patients");
        Assert.True(pseudonymOf.Values.Distinct().Count() == pseudonymOf.Count, "two patients share a pseudonym");
    }

    [Fact]
    public void Uids_are_replaced_consistently_across_a_study()
    {
        var map = new Dictionary<string, string>();
        foreach (var (input, output, outcome) in _run.Pairs().Where(p => !p.Input.IsDirectory))
        {
            foreach (var tag in new uint[] { 0x0020000D, 0x0020000E, 0x00080018 })
            {
                var before = DicomHeaderExport.Value(input.Dataset, tag);
                var after = DicomHeaderExport.Value(output.Dataset, tag);
                if (before is null)
                {
                    continue;
                }
                Assert.NotNull(after);
                Assert.Matches("^2\\.25\\.[1-9][0-9]*$", after);
                Assert.NotEqual(before, after);
                Assert.Equal(map.GetValueOrDefault(before, after!), after);
                map[before] = after!;
            }
            Assert.Equal(DicomHeaderExport.Value(output.Dataset, 0x00080018), Encoding.ASCII.GetString(output.Meta.Find(DicomTag.MediaStorageSopInstanceUid)!.Value).TrimEnd('\0'));
        }
        Assert.Equal(map.Count, map.Values.Distinct().Count());
    }

    [Fact]
    public void Dicomdir_records_point_at_the_deidentified_files_with_the_same_pseudonyms_and_uids()
    {
        var checkedImages = 0;
        foreach (var (_, output, outcome) in _run.Pairs().Where(p => p.Input.IsDirectory && p.Outcome.Input.EndsWith("dicomdirtests/DICOMDIR", StringComparison.Ordinal)
            || p.Outcome.Input.EndsWith("TINY_ALPHA/DICOMDIR", StringComparison.Ordinal) || p.Outcome.Input.EndsWith("DICOMDIR-reordered", StringComparison.Ordinal)
            || p.Outcome.Input.EndsWith("DICOMDIR-bigEnd", StringComparison.Ordinal) || p.Outcome.Input.EndsWith("DICOMDIR-implicit", StringComparison.Ordinal)))
        {
            var folder = Path.GetDirectoryName(Path.Combine(_run.Output, outcome.Output))!;
            var patientOf = DicomDirectory.PatientOf(output);
            foreach (var record in DicomDirectory.Records(output).Where(r => r.Find(DicomTag.ReferencedFileId) is not null))
            {
                var fileId = Encoding.ASCII.GetString(record.Find(DicomTag.ReferencedFileId)!.Value).TrimEnd(' ', '\0');
                var path = Path.Combine([folder, .. fileId.Split('\\')]);
                Assert.True(File.Exists(path), $"{outcome.Input}: {fileId} missing");
                var image = DicomReader.ReadFile(path).Dataset;
                var referenced = Encoding.ASCII.GetString(record.Find(new DicomTag(0x0004, 0x1511))!.Value).TrimEnd('\0');
                Assert.Equal(DicomHeaderExport.Value(image, 0x00080018), referenced);
                Assert.Equal(DicomHeaderExport.Value(image, 0x00100020), DicomHeaderExport.Value(patientOf[record], 0x00100020));
                checkedImages++;
            }
        }
        Assert.True(checkedImages >= 100, $"{checkedImages} image records checked");
    }

    [Fact]
    public void The_same_key_gives_the_same_bytes_and_another_key_other_uids()
    {
        using var folder = new TempFolder();
        var input = Path.Combine(_run.Input, "dicom", "charset");
        var again = DicomDeidentifier.Deidentify(input, folder.File("a"), _run.Options);
        var other = DicomDeidentifier.Deidentify(input, folder.File("b"), _run.Options with { Key = Encoding.ASCII.GetBytes("another key of at least 16 bytes") });
        var first = _run.Report.Files.Where(f => f.Input.StartsWith("dicom/charset/", StringComparison.Ordinal)).ToList();

        Assert.Equal(first.Count, again.Files.Count);
        foreach (var (f, a) in first.Zip(again.Files))
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(_run.Output, f.Output)), File.ReadAllBytes(Path.Combine(folder.File("a"), a.Output)));
        }
        var uid = DicomHeaderExport.Value(DicomReader.ReadFile(Path.Combine(folder.File("a"), again.Files[0].Output)).Dataset, 0x00080018);
        var otherUid = DicomHeaderExport.Value(DicomReader.ReadFile(Path.Combine(folder.File("b"), other.Files[0].Output)).Dataset, 0x00080018);
        Assert.NotEqual(uid, otherUid);
        Assert.NotEqual(again.Files[0].Output, other.Files[0].Output);
    }

    [Fact]
    public void A_broken_file_stops_the_run_and_leaves_no_output()
    {
        using var folder = new TempFolder();
        var input = folder.File("in");
        Directory.CreateDirectory(input);
        File.Copy(DicomSamples.PathOf("dicom/MR_small.dcm"), Path.Combine(input, "a.dcm"));
        File.WriteAllBytes(Path.Combine(input, "b.dcm"), File.ReadAllBytes(DicomSamples.PathOf("dicom/CT_small.dcm"))[..2000]);

        var error = Assert.Throws<DicomFormatException>(() => DicomDeidentifier.Deidentify(input, folder.File("out"), _run.Options));

        Assert.Contains("b.dcm: at byte", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("out")));
        Assert.Empty(Directory.EnumerateDirectories(folder.Path, "out.partial-*"));
    }

    [Fact]
    public void Safelisted_private_elements_stay_with_their_creator_and_the_rest_go()
    {
        using var folder = new TempFolder();
        var input = DicomSamples.PathOf("dicom/CT_small.dcm");
        var original = DicomReader.ReadFile(input).Dataset;
        var creator = original.Elements.First(e => e.Tag.IsPrivateCreator);
        var creatorName = Encoding.ASCII.GetString(creator.Value).Trim(' ', '\0');
        var kept = original.Elements.First(e => e.Tag.Group == creator.Tag.Group && e.Tag.Element >> 8 == creator.Tag.Element && !e.IsSequence);
        var options = _run.Options with
        {
            Options = DicomDeidentificationOptions.ParseProfile("basic,retain-safe-private"),
            SafePrivateTags = [$"{kept.Tag.Group:X4},xx{kept.Tag.Element & 0xFF:X2}@{creatorName}"],
        };

        var report = DicomDeidentifier.Deidentify(input, folder.File("out"), options);
        var output = DicomReader.ReadFile(Path.Combine(folder.File("out"), report.Files[0].Output)).Dataset;

        Assert.Equal(kept.Value, output.Find(kept.Tag)!.Value);
        Assert.NotNull(output.Find(creator.Tag));
        Assert.Equal(2, DicomReaderTests.CountPrivate(output));
        Assert.Equal(1, report.Files[0].Actions.PrivateKept);
    }

    [Fact]
    public void Profiles_that_the_standard_does_not_allow_are_refused_by_name()
    {
        Assert.Contains("must start with 'basic'", Assert.Throws<InvalidOptionException>(() => DicomDeidentificationOptions.ParseProfile("retain-dates")).Message, StringComparison.Ordinal);
        Assert.Contains("unknown option 'clean-graphics'", Assert.Throws<InvalidOptionException>(() => DicomDeidentificationOptions.ParseProfile("basic,clean-graphics")).Message, StringComparison.Ordinal);
        Assert.Contains("exclude each other", Assert.Throws<InvalidOptionException>(() => DicomDeidentificationOptions.ParseProfile("basic,retain-dates,retain-full-dates")).Message, StringComparison.Ordinal);
    }

    /// <summary>An independent reader: DCMTK's dcmdump (Debian package dcmtk, installed by scripts/install-test-tools.sh) parses every output without an error.</summary>
    [DcmdumpFact]
    public void Dcmtk_reads_every_output_without_error_or_private_tag()
    {
        // One dcmdump run over all files (a process per file would take seconds).
        var paths = _run.Report.Files.Select(f => Path.Combine(_run.Output, f.Output)).ToList();
        var start = new ProcessStartInfo("dcmdump", ["-q", "+L", .. paths]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = stderrTask.GetAwaiter().GetResult();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0 && stderr.Length == 0, $"dcmdump: {stderr}");
        Assert.Equal(paths.Count, System.Text.RegularExpressions.Regex.Count(stdout, "# Dicom-File-Format"));
        Assert.DoesNotMatch(@"(?m)^\s*\([0-9a-f]{3}[13579bdf],", stdout);
        var patientIds = System.Text.RegularExpressions.Regex.Matches(stdout, @"(?m)^\s*\(0010,0020\) LO (.*?)\s+#").Select(m => m.Groups[1].Value).ToList();
        Assert.True(patientIds.Count > 100, $"{patientIds.Count} Patient IDs");
        Assert.All(patientIds, id => Assert.Matches(@"^(\[SAN-[A-Z2-7]{16}\]|\(no value available\))$", id));
    }
}
