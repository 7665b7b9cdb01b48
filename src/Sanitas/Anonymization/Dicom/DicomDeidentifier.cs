using System.Text;

namespace Sanitas.Anonymization.Dicom;

/// <summary>
/// De-identifies DICOM files with the Basic Application Level Confidentiality Profile of PS3.15 Annex E
/// (DICOM PS3.15 2024, Table E.1-1) and its options: each attribute of the table is removed, emptied, replaced by
/// a dummy, given a new UID, kept or cleaned as its action code says. UIDs, Patient IDs, file names and the date
/// shift of the Modified Dates option are keyed (HMAC-SHA-256) so they are consistent across a study, its
/// DICOMDIR and later runs with the same key, and not reversible without it. Pixel data is written back
/// byte-identical (burned-in text is not detected: see docs/dicom.md).
/// </summary>
public static class DicomDeidentifier
{
    private static readonly Encoding Ascii = Encoding.ASCII;

    /// <summary>De-identifies a file or every DICOM file under a folder into <paramref name="output"/>, which must not exist or be empty.</summary>
    /// <param name="input">A DICOM file or a folder (searched recursively; files that are not DICOM are skipped and listed).</param>
    /// <param name="output">The output folder; written completely or not at all (files go to a staging folder first).</param>
    /// <param name="options">Profile options, key and safelist.</param>
    /// <param name="progress">Receives the fraction of files done.</param>
    /// <param name="ct">Cancels the run; nothing is left in <paramref name="output"/>.</param>
    /// <exception cref="DicomFormatException">A DICOM file cannot be decoded (the message names file, byte offset and tag).</exception>
    public static DicomDeidentificationReport Deidentify(string input, string output, DicomDeidentificationOptions options, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        ArgumentException.ThrowIfNullOrEmpty(output);
        ArgumentNullException.ThrowIfNull(options);
        var (root, files) = InputFiles(input);
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new IOException($"Output folder '{output}' is not empty; choose a new or empty folder.");
        }
        using var pseudonyms = new DicomPseudonyms(options.Key);
        var engine = new DicomProfileEngine(options, pseudonyms);
        var fullOutput = Path.GetFullPath(output);
        var staging = fullOutput.TrimEnd(Path.DirectorySeparatorChar) + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            var outcomes = new List<DicomFileOutcome>();
            var skipped = new List<string>();
            var patients = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < files.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var relative = Path.GetRelativePath(root, files[i]).Replace('\\', '/');
                var bytes = File.ReadAllBytes(files[i]);
                if (!DicomReader.LooksLikeDicom(bytes))
                {
                    skipped.Add(relative);
                    continue;
                }
                var file = DicomReader.Read(bytes, files[i]);
                var outputRelative = OutputPath(relative, options, pseudonyms);
                var (encoded, outcome) = DeidentifyFile(file, engine, options, pseudonyms, patients);
                var target = Path.Combine(staging, outputRelative.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (File.Exists(target))
                {
                    throw new IOException($"Two input files map to the same output '{outputRelative}' ({relative}); use `keepFileNames` or another key.");
                }
                File.WriteAllBytes(target, encoded);
                outcomes.Add(outcome with { Input = relative, Output = outputRelative });
                progress?.Report((i + 1.0) / files.Count);
            }
            if (Directory.Exists(fullOutput))
            {
                Directory.Delete(fullOutput);
            }
            Directory.Move(staging, fullOutput);
            return new DicomDeidentificationReport(ProfileName(options.Options), outcomes, skipped, patients.Count);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>The profile as the command line writes it, e.g. <c>basic,retain-dates</c>.</summary>
    public static string ProfileName(IReadOnlySet<DicomProfileOption> options)
    {
        var names = options.OrderBy(o => o).Select(o => o switch
        {
            DicomProfileOption.RetainSafePrivate => "retain-safe-private",
            DicomProfileOption.RetainUids => "retain-uids",
            DicomProfileOption.RetainDeviceIdentity => "retain-device-identity",
            DicomProfileOption.RetainInstitutionIdentity => "retain-institution-identity",
            DicomProfileOption.RetainPatientCharacteristics => "retain-patient-characteristics",
            DicomProfileOption.RetainLongitudinalFullDates => "retain-full-dates",
            DicomProfileOption.RetainLongitudinalModifiedDates => "retain-dates",
            DicomProfileOption.CleanDescriptors => "clean-descriptors",
            _ => o.ToString(),
        });
        return string.Join(',', names.Prepend("basic"));
    }

    internal static (string Root, IReadOnlyList<string> Files) InputFiles(string input)
    {
        if (File.Exists(input))
        {
            var full = Path.GetFullPath(input);
            return (Path.GetDirectoryName(full)!, [full]);
        }
        if (!Directory.Exists(input))
        {
            throw new FileNotFoundException($"Input '{input}' is neither a file nor a folder.", input);
        }
        var root = Path.GetFullPath(input);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        return (root, files);
    }

    private static string OutputPath(string relative, DicomDeidentificationOptions options, DicomPseudonyms pseudonyms)
    {
        if (!options.RenameFiles)
        {
            return relative;
        }
        var parts = relative.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            if (last && parts[i].Equals("DICOMDIR", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var extension = last && parts[i].EndsWith(".dcm", StringComparison.OrdinalIgnoreCase) ? ".dcm" : "";
            parts[i] = pseudonyms.PathComponent(extension.Length > 0 ? parts[i][..^4] : parts[i]) + extension;
        }
        return string.Join('/', parts);
    }

    /// <summary>De-identifies one decoded file in place and encodes it.</summary>
    internal static (byte[] Bytes, DicomFileOutcome Outcome) DeidentifyFile(DicomFile file, DicomProfileEngine engine, DicomDeidentificationOptions options, DicomPseudonyms pseudonyms, ISet<string> patients)
    {
        var pixelBefore = PixelBytes(file.Dataset);
        DicomProfileEngine.Context context;
        var topCharset = file.Dataset.Find(DicomTag.SpecificCharacterSet) is { } cs ? DicomCharset.ParseTerms(cs.Value) : [];
        if (file.IsDirectory)
        {
            context = DicomProfileEngine.ContextOf(file.Dataset, topCharset);
            var patientOf = DicomDirectory.PatientOf(file);
            foreach (var record in DicomDirectory.Records(file))
            {
                var patientRecord = patientOf.GetValueOrDefault(record);
                var recordCharset = (patientRecord ?? record).Find(DicomTag.SpecificCharacterSet) is { } rcs ? DicomCharset.ParseTerms(rcs.Value) : topCharset;
                var recordContext = DicomProfileEngine.ContextOf(patientRecord ?? record, recordCharset);
                if (recordContext.PatientKey is { } key)
                {
                    patients.Add(key);
                }
                engine.Process(record, recordContext, topCharset);
                Accumulate(context, recordContext);
                if (options.RenameFiles && record.Find(DicomTag.ReferencedFileId) is { } fileId)
                {
                    var components = Ascii.GetString(fileId.Value).TrimEnd(' ', '\0').Split('\\');
                    fileId.Value = DicomWriter.EncodeString(string.Join('\\', components.Select(c => c.Length == 0 ? c : pseudonyms.PathComponent(c))), "CS");
                }
            }
            // The records were processed with their own patients; the rest of the directory with none.
            var records = file.Dataset.Find(DicomTag.DirectoryRecordSequence)!;
            file.Dataset.Elements.Remove(records);
            engine.Process(file.Dataset, context, topCharset);
            file.Dataset.Set(records);
        }
        else
        {
            context = DicomProfileEngine.ContextOf(file.Dataset, topCharset);
            if (context.PatientKey is { } key)
            {
                patients.Add(key);
            }
            engine.Process(file.Dataset, context, topCharset);
            MarkDeidentified(file.Dataset, options.Options);
        }
        engine.Process(file.Meta, context, []);
        // Source and destination AE titles name the sending and receiving stations.
        file.Meta.Elements.RemoveAll(e => e.Tag.Group == 0x0002 && e.Tag.Element is 0x0016 or 0x0017 or 0x0018);
        if (file.Dataset.Find(DicomTag.SopInstanceUid) is { } sop)
        {
            file.Meta.Set(new DicomElement(DicomTag.MediaStorageSopInstanceUid, "UI", sop.Value));
        }
        var bytes = file.IsDirectory ? DicomDirectory.WriteWithOffsets(file) : DicomWriter.Write(file);
        // Check the written bytes, not the in-memory object: decode the output again.
        var pixelAfter = PixelBytes(DicomReader.Read(bytes, "output").Dataset);
        bool? identical = pixelBefore is null ? null : pixelAfter is not null && pixelBefore.SequenceEqual(pixelAfter);
        return (bytes, new DicomFileOutcome("", "", file.TransferSyntax.Uid, file.IsDirectory, identical, context.Counts()));
    }

    private static void Accumulate(DicomProfileEngine.Context total, DicomProfileEngine.Context part)
    {
        total.Removed += part.Removed;
        total.Emptied += part.Emptied;
        total.Dummied += part.Dummied;
        total.UidsReplaced += part.UidsReplaced;
        total.DatesShifted += part.DatesShifted;
        total.Cleaned += part.Cleaned;
        total.Kept += part.Kept;
        total.PrivateRemoved += part.PrivateRemoved;
        total.PrivateKept += part.PrivateKept;
    }

    /// <summary>The attributes PS3.15 §E.1.1 asks a de-identifier to add: Patient Identity Removed, the method and its codes.</summary>
    private static void MarkDeidentified(DicomDataset dataset, IReadOnlySet<DicomProfileOption> options)
    {
        dataset.Set(new DicomElement(DicomTag.PatientIdentityRemoved, "CS", DicomWriter.EncodeString("YES", "CS")));
        dataset.Set(new DicomElement(DicomTag.DeidentificationMethod, "LO", DicomWriter.EncodeString("Sanitas PS3.15 Annex E " + ProfileName(options), "LO")));
        // CID 7050 De-identification Method codes (DCM).
        var codes = new List<(string Value, string Meaning)> { ("113100", "Basic Application Confidentiality Profile") };
        foreach (var option in options.Order())
        {
            codes.Add(option switch
            {
                DicomProfileOption.RetainSafePrivate => ("113111", "Retain Safe Private Option"),
                DicomProfileOption.RetainUids => ("113110", "Retain UIDs Option"),
                DicomProfileOption.RetainDeviceIdentity => ("113109", "Retain Device Identity Option"),
                DicomProfileOption.RetainInstitutionIdentity => ("113112", "Retain Institution Identity Option"),
                DicomProfileOption.RetainPatientCharacteristics => ("113108", "Retain Patient Characteristics Option"),
                DicomProfileOption.RetainLongitudinalFullDates => ("113106", "Retain Longitudinal Temporal Information Full Dates Option"),
                DicomProfileOption.RetainLongitudinalModifiedDates => ("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
                DicomProfileOption.CleanDescriptors => ("113105", "Clean Descriptors Option"),
                _ => throw new InvalidOperationException(option.ToString()),
            });
        }
        var items = codes.Select(code =>
        {
            var item = new DicomDataset();
            item.Set(new DicomElement(new DicomTag(0x0008, 0x0100), "SH", DicomWriter.EncodeString(code.Value, "SH")));
            item.Set(new DicomElement(new DicomTag(0x0008, 0x0102), "SH", DicomWriter.EncodeString("DCM", "SH")));
            item.Set(new DicomElement(new DicomTag(0x0008, 0x0104), "LO", DicomWriter.EncodeString(code.Meaning, "LO")));
            return item;
        }).ToList();
        dataset.Set(new DicomElement(DicomTag.DeidentificationMethodCodeSequence, "SQ", []) { Items = items });
        var temporal = options.Contains(DicomProfileOption.RetainLongitudinalModifiedDates) ? "MODIFIED"
            : options.Contains(DicomProfileOption.RetainLongitudinalFullDates) ? "UNMODIFIED" : "REMOVED";
        dataset.Set(new DicomElement(DicomTag.LongitudinalTemporalInformationModified, "CS", DicomWriter.EncodeString(temporal, "CS")));
    }

    /// <summary>The pixel data as it goes to disk (native value or fragments concatenated), or null.</summary>
    internal static byte[]? PixelBytes(DicomDataset dataset)
    {
        if (dataset.Find(DicomTag.PixelData) is not { } pixels)
        {
            return null;
        }
        if (pixels.Fragments is { } fragments)
        {
            using var all = new MemoryStream();
            foreach (var fragment in fragments)
            {
                all.Write(BitConverter.GetBytes(fragment.Length));
                all.Write(fragment);
            }
            return all.ToArray();
        }
        return pixels.Value.ToArray();
    }
}
