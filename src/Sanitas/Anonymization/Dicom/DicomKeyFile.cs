using System.Security.Cryptography;

namespace Sanitas.Anonymization.Dicom;

/// <summary>The secret key of de-identification, stored as one line of base64 (32 random bytes).</summary>
public static class DicomKeyFile
{
    /// <summary>Writes a new key of 32 bytes from the operating system's CSPRNG; refuses to overwrite an existing file.</summary>
    public static void Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            throw new IOException($"Key file '{path}' exists; a new key would change every pseudonym. Delete it first if that is intended.");
        }
        var key = RandomNumberGenerator.GetBytes(32);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(Convert.ToBase64String(key));
    }

    /// <summary>Reads a key: a line of base64, else the file's raw bytes; at least 16 bytes either way.</summary>
    public static byte[] Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Key file '{path}' not found (create one with 'sanitas dicom keygen --out {path}').", path);
        }
        var raw = File.ReadAllBytes(path);
        byte[] key;
        try
        {
            key = Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(raw).Trim());
        }
        catch (FormatException)
        {
            key = raw;
        }
        if (key.Length < 16)
        {
            throw InvalidOptionException.Of("key", $"Key file '{path}' holds {key.Length} bytes; at least 16 are needed.");
        }
        return key;
    }
}
