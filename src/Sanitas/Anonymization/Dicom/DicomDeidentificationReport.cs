namespace Sanitas.Anonymization.Dicom;

/// <summary>
/// The result of de-identifying a folder. It links input to output paths, so it is a re-identification key for
/// whoever holds it: keep it with the operator, never with the released files.
/// </summary>
/// <param name="Profile">The profile and options applied, e.g. <c>basic,retain-dates</c>.</param>
/// <param name="Files">One entry per DICOM file written.</param>
/// <param name="Skipped">Input files that are not DICOM (relative paths), copied nowhere.</param>
/// <param name="Patients">How many distinct patients (by Patient ID) were pseudonymized.</param>
public sealed record DicomDeidentificationReport(string Profile, IReadOnlyList<DicomFileOutcome> Files, IReadOnlyList<string> Skipped, int Patients);
