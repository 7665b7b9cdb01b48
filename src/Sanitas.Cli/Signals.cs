using System.Runtime.InteropServices;
using Sanitas.Data;

namespace Sanitas.Cli;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM for the process: the first one cancels the running command through
/// <see cref="Token"/>; the command stops, deletes its temporary files and says "Cancelled; nothing
/// was written." The exit code is then 130 for SIGINT and 143 for SIGTERM, as shells report a
/// process killed by them. A command that does not stop within <see cref="GracePeriod"/>, or a second
/// signal, ends the process at once, after deleting the temporary files still open.
/// </summary>
internal sealed class Signals : IDisposable
{
    /// <summary>How long a cancelled command may take to stop before the process is ended.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TextWriter _error;
    private int _signal;

    private Signals(TextWriter error) => _error = error;

    /// <summary>Cancelled when the first signal arrives.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Registers the handlers (and deletes open temporary files when the process exits).</summary>
    public static Signals Install(TextWriter error)
    {
        var signals = new Signals(error);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                signals._registrations.Add(PosixSignalRegistration.Create(signal, signals.OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // Not every platform delivers SIGTERM; SIGINT is enough there.
            }
        }
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        return signals;
    }

    /// <summary>The process's exit code: the command's, or 130/143 when a signal cancelled it.</summary>
    public int ExitCode(int commandCode)
    {
        AtomicFile.DeleteActiveTemporaryFiles();
        return commandCode == ExitCodes.Cancelled && Volatile.Read(ref _signal) != 0 ? SignalExitCode(Volatile.Read(ref _signal)) : commandCode;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _cancellation.Dispose();
    }

    private static int SignalExitCode(int signal) => signal == (int)PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Cancelled;

    private static void OnProcessExit(object? sender, EventArgs e) => AtomicFile.CloseForExit();

    private void OnSignal(PosixSignalContext context)
    {
        // Keep the process alive: the command stops at its next cancellation check and cleans up.
        context.Cancel = true;
        var signal = (int)context.Signal;
        if (Interlocked.CompareExchange(ref _signal, signal, 0) != 0)
        {
            Stop(SignalExitCode(Volatile.Read(ref _signal)));
            return;
        }
        _cancellation.Cancel();
        _ = Task.Delay(GracePeriod).ContinueWith(_ => Stop(SignalExitCode(signal)), TaskScheduler.Default);
    }

    private void Stop(int code)
    {
        AtomicFile.CloseForExit();
        try
        {
            _error.WriteLine("error: Cancelled; nothing was written.");
            _error.Flush();
        }
        catch (IOException)
        {
            // The terminal may be gone.
        }
        Environment.Exit(code);
    }
}
