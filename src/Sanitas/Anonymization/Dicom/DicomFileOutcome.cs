namespace Sanitas.Anonymization.Dicom;

/// <summary>What happened to one input file.</summary>
/// <param name="Input">The input path relative to the input folder.</param>
/// <param name="Output">The output path relative to the output folder (keyed names unless file names are kept).</param>
/// <param name="TransferSyntax">The transfer syntax UID, kept in the output.</param>
/// <param name="IsDirectory">Whether the file is a DICOMDIR.</param>
/// <param name="PixelDataIdentical">Whether the pixel data (native or encapsulated) is byte-identical in the output; null without pixel data.</param>
/// <param name="Actions">The attributes each action touched.</param>
public sealed record DicomFileOutcome(string Input, string Output, string TransferSyntax, bool IsDirectory, bool? PixelDataIdentical, DicomActionCounts Actions);
