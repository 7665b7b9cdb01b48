using System.CommandLine;
using System.Globalization;
using Sanitas.Anonymization.Dicom;
using Sanitas.Cli.Rendering;
using Sanitas.Data;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas dicom</c>: de-identify DICOM files (PS3.15 Annex E), make a key, export the header as CSV.</summary>
internal sealed class DicomCommand : Command
{
    private readonly Option<string> _input = new("--input", "-i") { Description = "A DICOM file or a folder of them (searched recursively; DICOMDIRs included).", Required = true };
    private readonly Option<string> _output = new("--output", "-o") { Description = "The output folder (new or empty); written completely or not at all.", Required = true };
    private readonly Option<string> _profile = new("--profile", "-p") { Description = "basic[,retain-dates][,retain-patient-characteristics][,clean-descriptors][,retain-uids][,retain-device-identity][,retain-institution-identity][,retain-full-dates][,retain-safe-private].", DefaultValueFactory = _ => "basic" };
    private readonly Option<string> _key = new("--key", "-k") { Description = "The secret key file (sanitas dicom keygen); the same key gives the same UIDs, pseudonyms and date shifts.", Required = true };
    private readonly Option<string?> _report = new("--report", "-r") { Description = "Where to write the JSON report (it links input to output files: keep it private)." };
    private readonly Option<string[]> _safePrivate = new("--safe-private") { Description = "A private element to keep under retain-safe-private, as GGGG,xxEE@CREATOR (repeatable).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<bool> _keepNames = new("--keep-file-names") { Description = "Keep input file and folder names (by default they get keyed names: folder names often are patient IDs)." };
    private readonly Option<int> _maxShift = new("--max-date-shift-days") { Description = "Under retain-dates, each patient's dates move back by 1 to this many days.", DefaultValueFactory = _ => 3650 };
    private readonly Option<string> _keyOut = new("--out", "-o") { Description = "The key file to create (refuses to overwrite).", Required = true };
    private readonly Option<string> _exportInput = new("--input", "-i") { Description = "A DICOM file or a folder of them.", Required = true };
    private readonly Option<string> _exportOut = new("--out", "-o") { Description = "The CSV file to write.", Required = true };

    public DicomCommand(ICliConsole console)
        : base("dicom", "De-identify DICOM files with the PS3.15 Annex E Basic Profile, and export DICOM headers as a table.")
    {
        var deidentify = new Command("deidentify", "De-identify DICOM files (PS3.15 Annex E): remove, empty, replace or shift each attribute as the profile says; pixel data untouched.")
        {
            _input, _output, _profile, _key, _report, _safePrivate, _keepNames, _maxShift,
        };
        deidentify.SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(console, () =>
        {
            var options = new DicomDeidentificationOptions
            {
                Key = DicomKeyFile.Read(parse.GetValue(_key)!),
                Options = DicomDeidentificationOptions.ParseProfile(parse.GetValue(_profile)!),
                SafePrivateTags = parse.GetValue(_safePrivate) ?? [],
                RenameFiles = !parse.GetValue(_keepNames),
                MaxDateShiftDays = parse.GetValue(_maxShift),
            };
            var output = parse.GetValue(_output)!;
            var report = console.RunWithProgress("De-identifying", progress => DicomDeidentifier.Deidentify(parse.GetValue(_input)!, output, options, progress, ct));
            if (parse.GetValue(_report) is { } reportPath)
            {
                DicomReportWriter.Write(report, reportPath);
            }
            string N(int n) => n.ToString(CultureInfo.InvariantCulture);
            console.WriteLine($"De-identified {N(report.Files.Count)} DICOM files of {N(report.Patients)} patients with profile {report.Profile} into {output}; skipped {N(report.Skipped.Count)} files that are not DICOM.");
            console.WriteTable(["action", "attributes"],
            [
                ["removed (X)", N(report.Files.Sum(f => f.Actions.Removed))],
                ["emptied or pseudonymized (Z)", N(report.Files.Sum(f => f.Actions.Emptied))],
                ["dummy values (D)", N(report.Files.Sum(f => f.Actions.Dummied))],
                ["UIDs replaced (U)", N(report.Files.Sum(f => f.Actions.UidsReplaced))],
                ["dates shifted (C)", N(report.Files.Sum(f => f.Actions.DatesShifted))],
                ["descriptors cleaned (C)", N(report.Files.Sum(f => f.Actions.Cleaned))],
                ["kept by an option (K)", N(report.Files.Sum(f => f.Actions.Kept))],
                ["private removed", N(report.Files.Sum(f => f.Actions.PrivateRemoved))],
                ["private kept (safelist)", N(report.Files.Sum(f => f.Actions.PrivateKept))],
            ]);
            var changed = report.Files.Count(f => f.PixelDataIdentical == false);
            console.WriteLine($"Pixel data byte-identical in {N(report.Files.Count(f => f.PixelDataIdentical == true))} files, changed in {N(changed)}.");
            return changed == 0 ? ExitCodes.Success : ExitCodes.InternalError;
        }), CancellationToken.None));

        var keygen = new Command("keygen", "Create a secret key file for de-identification (32 random bytes, base64).") { _keyOut };
        keygen.SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(console, () =>
        {
            DicomKeyFile.Create(parse.GetValue(_keyOut)!);
            console.WriteLine($"Wrote a new key to {parse.GetValue(_keyOut)}. Keep it secret: with it, pseudonyms can be recomputed from identities.");
            return ExitCodes.Success;
        }), CancellationToken.None));

        var export = new Command("export", "Export patient, study and series attributes of DICOM files as CSV (one row per file) for 'sanitas anonymize' or 'sanitas risk'.") { _exportInput, _exportOut };
        export.SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(console, () =>
        {
            var table = DicomHeaderExport.Read(parse.GetValue(_exportInput)!, ct);
            CsvWriter.Write(table, parse.GetValue(_exportOut)!, ct: ct);
            console.WriteLine($"Wrote {table.RowCount.ToString(CultureInfo.InvariantCulture)} rows × {table.Columns.Count.ToString(CultureInfo.InvariantCulture)} columns to {parse.GetValue(_exportOut)}.");
            return ExitCodes.Success;
        }), CancellationToken.None));

        Subcommands.Add(deidentify);
        Subcommands.Add(keygen);
        Subcommands.Add(export);
    }
}
