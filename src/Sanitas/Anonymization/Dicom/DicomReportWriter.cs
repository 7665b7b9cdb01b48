using System.Text.Json;
using System.Text.Json.Serialization;
using Sanitas.Data;

namespace Sanitas.Anonymization.Dicom;

/// <summary>Writes a <see cref="DicomDeidentificationReport"/> as indented JSON, to a temporary file first.</summary>
public static class DicomReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The report as JSON text.</summary>
    public static string ToJson(DicomDeidentificationReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>Writes the report; an existing file is replaced only once the new one is complete.</summary>
    public static void Write(DicomDeidentificationReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllText(path, ToJson(report) + "\n");
    }
}
