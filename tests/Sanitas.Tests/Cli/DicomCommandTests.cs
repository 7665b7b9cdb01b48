using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Tests.Anonymization.Dicom;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Cli;

public class DicomCommandTests
{
    [Fact]
    public void Keygen_then_deidentify_writes_the_files_and_a_report()
    {
        using var folder = new TempFolder();
        var key = folder.File("site.key");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("dicom", "keygen", "--out", key).ExitCode);

        var (code, output, error) = CliRunner.Run("dicom", "deidentify", "--input", Path.Combine(DicomSamples.DicomFolder, "charset"),
            "--output", folder.File("out"), "--profile", "basic,retain-dates,retain-patient-characteristics,clean-descriptors", "--key", key, "--report", folder.File("report.json"));

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("De-identified 10 DICOM files of 10 patients with profile basic,retain-patient-characteristics,retain-dates,clean-descriptors", output, StringComparison.Ordinal);
        Assert.Contains("skipped 1 files that are not DICOM", output, StringComparison.Ordinal);
        Assert.Contains("Pixel data byte-identical in 10 files, changed in 0.", output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(folder.File("report.json")));
        Assert.Equal(10, report.RootElement.GetProperty("files").GetArrayLength());
        Assert.Equal(10, Directory.GetFiles(folder.File("out"), "*.dcm").Length);
    }

    [Fact]
    public void Keygen_refuses_to_overwrite_a_key()
    {
        using var folder = new TempFolder();
        var key = folder.File("site.key");
        CliRunner.Run("dicom", "keygen", "--out", key);
        var before = File.ReadAllText(key);

        var (code, _, error) = CliRunner.Run("dicom", "keygen", "--out", key);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("exists; a new key would change every pseudonym", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(key));
    }

    [Fact]
    public void A_bad_profile_or_a_short_key_is_an_input_error_and_writes_nothing()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("short.key"), "c2hvcnQ=\n");
        var input = Path.Combine(DicomSamples.DicomFolder, "charset");

        var (code, _, error) = CliRunner.Run("dicom", "deidentify", "-i", input, "-o", folder.File("out"), "-k", folder.File("short.key"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("holds 5 bytes; at least 16 are needed", error, StringComparison.Ordinal);

        CliRunner.Run("dicom", "keygen", "--out", folder.File("k"));
        (code, _, error) = CliRunner.Run("dicom", "deidentify", "-i", input, "-o", folder.File("out"), "-k", folder.File("k"), "-p", "basic,retain-everything");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("unknown option 'retain-everything'", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public void Export_writes_the_header_table()
    {
        using var folder = new TempFolder();

        var (code, output, error) = CliRunner.Run("dicom", "export", "--input", Path.Combine(DicomSamples.DicomFolder, "charset"), "--out", folder.File("headers.csv"));

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("Wrote 10 rows × 23 columns", output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(folder.File("headers.csv"));
        Assert.StartsWith("file,SOPClassUID,Modality,SpecificCharacterSet,PatientName,PatientID", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("chrGerm.dcm,", StringComparison.Ordinal) && l.Contains("Äneas^Rüdiger,SCSGERM", StringComparison.Ordinal));
    }
}
