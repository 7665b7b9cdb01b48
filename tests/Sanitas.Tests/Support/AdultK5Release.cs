using Sanitas.Cli;
using Sanitas.Tests.Cli;

namespace Sanitas.Tests.Support;

/// <summary>
/// Adult anonymized once per test run through the CLI with samples/adult/adult-k5.yaml (ARX's 5-anonymity
/// setup), shared by the risk and attack tests that only read the release instead of each anonymizing
/// Adult again. The files live in a temporary folder removed when the test process exits.
/// </summary>
internal static class AdultK5Release
{
    private static readonly Lazy<string> Folder = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The anonymized CSV.</summary>
    public static string Csv => Path.Combine(Folder.Value, "k5.csv");

    /// <summary>The anonymization's JSON report.</summary>
    public static string Report => Path.Combine(Folder.Value, "k5.json");

    private static string Create()
    {
        var folder = Directory.CreateTempSubdirectory("sanitas-adult-k5-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        var (code, output, error) = CliRunner.Run("anonymize", "--input", TestData.Adult("adult.csv"), "--config", TestData.Adult("adult-k5.yaml"),
            "--output", Path.Combine(folder, "k5.csv"), "--report", Path.Combine(folder, "k5.json"));
        return code == ExitCodes.Success ? folder : throw new InvalidOperationException($"Anonymizing Adult with adult-k5.yaml failed (exit {code}): {error}{output}");
    }
}
