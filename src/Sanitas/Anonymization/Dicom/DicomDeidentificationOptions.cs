namespace Sanitas.Anonymization.Dicom;

/// <summary>What <see cref="DicomDeidentifier"/> does: the profile options, the secret key and the safelisted private elements.</summary>
public sealed record DicomDeidentificationOptions
{
    /// <summary>The secret key (at least 16 bytes) of the keyed replacements of UIDs, patient IDs, date shifts and file names.</summary>
    public required byte[] Key { get; init; }

    /// <summary>The options of the Basic Profile in force (empty: the Basic Profile alone).</summary>
    public IReadOnlySet<DicomProfileOption> Options { get; init; } = new HashSet<DicomProfileOption>();

    /// <summary>
    /// Private elements kept under <see cref="DicomProfileOption.RetainSafePrivate"/>, each as
    /// <c>GGGG,xxEE@CREATOR</c>: the odd group, the element's low byte and its private creator (PS3.5 §7.8.1).
    /// </summary>
    public IReadOnlyList<string> SafePrivateTags { get; init; } = [];

    /// <summary>The largest date shift in days under the Modified Dates option (each patient moves back by 1 to this many days).</summary>
    public int MaxDateShiftDays { get; init; } = 3650;

    /// <summary>Whether output files and folders get keyed names (folder names such as patient IDs otherwise leak).</summary>
    public bool RenameFiles { get; init; } = true;

    /// <summary>Parses a profile such as <c>basic,retain-dates,retain-patient-characteristics,clean-descriptors</c>.</summary>
    /// <exception cref="ArgumentException">The list does not start with <c>basic</c>, names an unknown option or combines full and modified dates.</exception>
    public static IReadOnlySet<DicomProfileOption> ParseProfile(string profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var names = profile.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0 || names[0] != "basic")
        {
            throw InvalidOptionException.Of("profile", $"Profile '{profile}': it must start with 'basic' (the Basic Application Level Confidentiality Profile), e.g. 'basic,retain-dates'.");
        }
        var options = new HashSet<DicomProfileOption>();
        foreach (var name in names.Skip(1))
        {
            options.Add(name switch
            {
                "retain-safe-private" => DicomProfileOption.RetainSafePrivate,
                "retain-uids" => DicomProfileOption.RetainUids,
                "retain-device-identity" => DicomProfileOption.RetainDeviceIdentity,
                "retain-institution-identity" => DicomProfileOption.RetainInstitutionIdentity,
                "retain-patient-characteristics" or "retain-patient-chars" => DicomProfileOption.RetainPatientCharacteristics,
                "retain-full-dates" => DicomProfileOption.RetainLongitudinalFullDates,
                "retain-dates" or "retain-modified-dates" => DicomProfileOption.RetainLongitudinalModifiedDates,
                "clean-descriptors" => DicomProfileOption.CleanDescriptors,
                _ => throw InvalidOptionException.Of("profile",
                    $"Profile '{profile}': unknown option '{name}'. Known: retain-safe-private, retain-uids, retain-device-identity, retain-institution-identity, " +
                    "retain-patient-characteristics, retain-full-dates, retain-dates (modified dates), clean-descriptors. " +
                    "Clean Graphics and Clean Structured Content are not implemented."),
            });
        }
        if (options.Contains(DicomProfileOption.RetainLongitudinalFullDates) && options.Contains(DicomProfileOption.RetainLongitudinalModifiedDates))
        {
            throw InvalidOptionException.Of("profile", $"Profile '{profile}': retain-full-dates and retain-dates (modified dates) exclude each other.");
        }
        return options;
    }
}
