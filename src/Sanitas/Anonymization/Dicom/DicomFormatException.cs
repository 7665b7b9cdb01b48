using Sanitas.Data;

namespace Sanitas.Anonymization.Dicom;

/// <summary>A file is not DICOM, or is DICOM that this reader cannot decode; the message names the file, the byte offset and the tag.</summary>
public sealed class DicomFormatException : SanitasDataException
{
    /// <summary>Creates an exception with a default message.</summary>
    public DicomFormatException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public DicomFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public DicomFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
