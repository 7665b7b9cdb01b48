namespace Sanitas.Tests.Anonymization.Dicom;

/// <summary>
/// A test that needs DCMTK's <c>dcmdump</c> (Debian package dcmtk; scripts/install-test-tools.sh installs it).
/// Skipped where it is missing, unless SANITAS_REQUIRE_DCMTK=true, where a missing dcmdump fails the test.
/// </summary>
public sealed class DcmdumpFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when dcmdump is not on the PATH and it is not required.</summary>
    public DcmdumpFactAttribute()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "dcmdump")));
        if (!found && !string.Equals(Environment.GetEnvironmentVariable("SANITAS_REQUIRE_DCMTK"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "dcmdump (DCMTK) is not installed: run scripts/install-test-tools.sh.";
        }
    }
}
