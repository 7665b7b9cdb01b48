namespace Sanitas.Anonymization.Dicom;

/// <summary>How many attributes of a file each action touched (PS3.15 Table E.1-1 action codes).</summary>
/// <param name="Removed">X: removed.</param>
/// <param name="Emptied">Z: emptied, or replaced by the patient's pseudonym (Patient ID, Patient's Name).</param>
/// <param name="Dummied">D: replaced by a dummy value.</param>
/// <param name="UidsReplaced">U: UIDs replaced by keyed UIDs.</param>
/// <param name="DatesShifted">C under Modified Dates: dates moved back by the patient's offset.</param>
/// <param name="Cleaned">C: descriptions from which the data set's identifiers were removed.</param>
/// <param name="Kept">K: kept by an option.</param>
/// <param name="PrivateRemoved">Private elements removed.</param>
/// <param name="PrivateKept">Private elements kept as safelisted.</param>
public sealed record DicomActionCounts(int Removed, int Emptied, int Dummied, int UidsReplaced, int DatesShifted, int Cleaned, int Kept, int PrivateRemoved, int PrivateKept);
