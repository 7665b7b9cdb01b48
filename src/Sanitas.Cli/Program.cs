namespace Sanitas.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args) => SanitasApp.RunAsync(args);
}
