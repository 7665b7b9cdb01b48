using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Sanitas.Anonymization.Dicom;

/// <summary>
/// Keyed, consistent replacements: the same input and key give the same output in every file and every run, and
/// without the key the output does not reveal the input (HMAC-SHA-256, RFC 2104). Each use has its own domain
/// label so a UID and a patient ID with equal text do not map to related values.
/// </summary>
internal sealed class DicomPseudonyms : IDisposable
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private readonly HMACSHA256 _hmac;
    private readonly Dictionary<string, byte[]> _cache = new(StringComparer.Ordinal);

    public DicomPseudonyms(byte[] key)
    {
        if (key.Length < 16)
        {
            throw new InvalidOptionException("key", $"The de-identification key has {key.Length} bytes; at least 16 are needed (use 'sanitas dicom keygen').", null);
        }
        _hmac = new HMACSHA256(key);
    }

    /// <summary>A new UID under the 2.25 root (a 128-bit number, PS3.5 §B.2) derived from the old one.</summary>
    public string Uid(string uid)
    {
        var digest = Mac("uid", uid);
        var value = new BigInteger(digest.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A patient pseudonym such as <c>SAN-K7Q2M4XZ9BDF3HJA</c>, usable as Patient ID and Patient's Name.</summary>
    public string Patient(string patientKey) => "SAN-" + Base32(Mac("patient", patientKey), 16);

    /// <summary>The number of days (1 to <paramref name="maxDays"/>) by which every date of this patient moves back.</summary>
    public int DateShiftDays(string patientKey, int maxDays) => 1 + (int)(BitConverter.ToUInt32(Mac("date-shift", patientKey), 0) % (uint)maxDays);

    /// <summary>A file or folder name of 8 characters from A–Z and 2–7, valid as a DICOM File ID component (PS3.10 §8.2).</summary>
    public string PathComponent(string component) => Base32(Mac("path", component), 8);

    private byte[] Mac(string domain, string text)
    {
        var input = domain + "\0" + text;
        if (!_cache.TryGetValue(input, out var digest))
        {
            digest = _hmac.ComputeHash(Encoding.UTF8.GetBytes(input));
            _cache[input] = digest;
        }
        return digest;
    }

    private static string Base32(byte[] bytes, int length)
    {
        var text = new StringBuilder(length);
        var buffer = 0;
        var bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && text.Length < length)
            {
                text.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return text.ToString();
    }

    public void Dispose() => _hmac.Dispose();
}
