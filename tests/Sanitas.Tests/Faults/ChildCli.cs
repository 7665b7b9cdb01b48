using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Sanitas.Tests.Faults;

/// <summary>The built <c>sanitas</c> executable run as a child process, to be signalled and killed.</summary>
internal sealed class ChildCli : IDisposable
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private ChildCli(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    /// <summary>Starts <c>sanitas</c> with the arguments, output redirected (so: no progress bars).</summary>
    public static ChildCli Start(string workingDirectory, params string[] args)
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Sanitas.Cli.exe" : "Sanitas.Cli");
        var info = File.Exists(apphost)
            ? new ProcessStartInfo(apphost)
            : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Sanitas.Cli.dll") } };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.WorkingDirectory = workingDirectory;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        return new ChildCli(Process.Start(info)!);
    }

    /// <summary>Runs to the end.</summary>
    public static (int ExitCode, string Output, string Error) Run(string workingDirectory, params string[] args)
    {
        using var child = Start(workingDirectory, args);
        return child.WaitForExit();
    }

    /// <summary>Waits (up to a minute) and returns the exit code (128 + n for a process killed by signal n) and the output.</summary>
    public (int ExitCode, string Output, string Error) WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException("sanitas did not end within a minute");
        }
        _process.WaitForExit();
        return (_process.ExitCode, _output.Result, _error.Result);
    }

    /// <summary>
    /// Waits until the process has a file under <paramref name="folder"/> open (Linux: /proc/PID/fd), which
    /// shows the command itself is running (the runtime's default signal handlers are gone by then).
    /// </summary>
    public bool WaitForOpenFileUnder(string folder, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout && !_process.HasExited)
        {
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{Id}/fd"))
                {
                    try
                    {
                        if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith(folder, StringComparison.Ordinal))
                        {
                            return true;
                        }
                    }
                    catch (IOException)
                    {
                        // The descriptor closed while we looked.
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
            Thread.Sleep(2);
        }
        return false;
    }

    public void Signal(int signal)
    {
        if (!_process.HasExited)
        {
            _ = Kill(Id, signal);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true, ExactSpelling = true)]
    private static extern int Kill(int pid, int signal);
}
