using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Sanitas.Data;

/// <summary>
/// Replaces a file all at once: the new content goes to a hidden temporary file beside the
/// target, which is renamed over it by <see cref="Commit"/>; until then the old file (or its
/// absence) stays as it was, and <see cref="Dispose"/> without a commit deletes the temporary file.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A symbolic link is followed: its final target is replaced, the link stays a link.</item>
/// <item>Only regular files are replaced: a directory, device, pipe or socket at the path (for example
/// <c>/dev/stdout</c> or <c>/dev/full</c>) is refused with an <see cref="IOException"/> before anything is written.</item>
/// <item>An existing file keeps its permissions (a 0600 file stays 0600); a new one gets the process's default.</item>
/// <item>Temporary files are named <c>.NAME.sanitas-PID-RANDOM.tmp</c>; the ones still open are deleted when
/// the process is cancelled or exits (<see cref="DeleteActiveTemporaryFiles"/>), and the ones left by runs
/// that were killed (their process is gone) are swept when the same target is written again.</item>
/// </list>
/// </remarks>
public sealed class AtomicFile : IDisposable
{
    private const string Marker = ".sanitas-";
    private static readonly ConcurrentDictionary<string, byte> Active = new(StringComparer.Ordinal);
    private static int _closing;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private bool _committed;
    private bool _ownerOnly;

    private AtomicFile(string target, string temporary)
    {
        TargetPath = target;
        TemporaryPath = temporary;
    }

    /// <summary>The file that <see cref="Commit"/> replaces: the given path with symbolic links resolved.</summary>
    public string TargetPath { get; }

    /// <summary>The hidden temporary file to write the new content to.</summary>
    public string TemporaryPath { get; }

    /// <summary>
    /// Starts replacing <paramref name="path"/>: checks that it is (or will be) a regular file, creates
    /// its folder when missing, sweeps temporary files that killed runs left beside it, and reserves a
    /// new temporary file (created empty).
    /// </summary>
    /// <exception cref="IOException">Something other than a regular file is at the path, or the folder cannot be written.</exception>
    public static AtomicFile Begin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var target = ResolveTarget(path);
        var folder = Path.GetDirectoryName(target) ?? ".";
        Directory.CreateDirectory(folder);
        SweepStale(target);
        var temporary = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture,
            $".{Path.GetFileName(target)}{Marker}{Environment.ProcessId}-{Guid.NewGuid():N}.tmp"));
        Active[temporary] = 0;
        try
        {
            using (new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
            }
            // Checked after creating: if the process began ending before this, the file is ours to delete; if after,
            // the ending's sweep of the registered files (registered above) comes later and deletes it.
            ThrowIfClosing();
        }
        catch
        {
            TryDelete(temporary);
            Active.TryRemove(temporary, out _);
            throw;
        }
        return new AtomicFile(target, temporary);
    }

    /// <summary>
    /// Opens the temporary file for writing (from its start, truncating it). It must still exist: when the process is
    /// ending and its temporary files were deleted, opening fails instead of creating the file again as debris.
    /// </summary>
    public FileStream OpenWrite(bool asynchronous = false)
    {
        ThrowIfClosing();
        var stream = new FileStream(TemporaryPath, FileMode.Truncate, FileAccess.Write, FileShare.None, 1 << 16, asynchronous ? FileOptions.Asynchronous : FileOptions.None);
        if (Volatile.Read(ref _closing) != 0)
        {
            stream.Dispose();
            TryDelete(TemporaryPath);
            ThrowIfClosing();
        }
        return stream;
    }

    private static void ThrowIfClosing()
    {
        if (Volatile.Read(ref _closing) != 0)
        {
            throw new OperationCanceledException("The process is ending; no new file is written.");
        }
    }

    /// <summary>
    /// Makes the new file readable and writable by its owner only (0600), whatever the target's
    /// permissions were: for keys and other secrets.
    /// </summary>
    public void RestrictToOwner()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        _ownerOnly = true;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(TemporaryPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Moves the complete temporary file over the target, keeping an existing target's permissions (unless <see cref="RestrictToOwner"/> was called).</summary>
    /// <exception cref="IOException">The rename failed; the target is as it was.</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        if (!_ownerOnly && !OperatingSystem.IsWindows() && File.Exists(TargetPath))
        {
            try
            {
                File.SetUnixFileMode(TemporaryPath, File.GetUnixFileMode(TargetPath));
            }
            catch (IOException)
            {
                // A target that vanished in between: it gets the default permissions.
            }
        }
        File.Move(TemporaryPath, TargetPath, overwrite: true);
        _committed = true;
        Active.TryRemove(TemporaryPath, out _);
    }

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        if (!_committed)
        {
            _committed = true;
            TryDelete(TemporaryPath);
            Active.TryRemove(TemporaryPath, out _);
        }
    }

    /// <summary>Writes bytes through a temporary file and a rename.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var file = Begin(path);
        using (var stream = file.OpenWrite())
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        file.Commit();
    }

    /// <summary>Writes bytes asynchronously through a temporary file and a rename.</summary>
    public static Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default) =>
        WriteAsync(path, write, secret: false, cancellationToken);

    /// <summary>Writes bytes asynchronously through a temporary file and a rename; a secret file is readable by its owner only.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, bool secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var file = Begin(path);
        if (secret)
        {
            file.RestrictToOwner();
        }
        var stream = file.OpenWrite(asynchronous: true);
        await using (stream.ConfigureAwait(false))
        {
            await write(stream, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        cancellationToken.ThrowIfCancellationRequested();
        file.Commit();
    }

    /// <summary>Writes UTF-8 text (no byte order mark) through a temporary file and a rename.</summary>
    public static void WriteAllText(string path, string text) => Write(path, stream =>
    {
        var bytes = Utf8.GetBytes(text);
        stream.Write(bytes);
    });

    /// <summary>Writes UTF-8 text (no byte order mark) asynchronously through a temporary file and a rename.</summary>
    public static Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken = default) =>
        WriteAllTextAsync(path, text, secret: false, cancellationToken);

    /// <summary>
    /// Writes UTF-8 text (no byte order mark) asynchronously through a temporary file and a rename;
    /// a <paramref name="secret"/> file (a private key, a key share) is readable by its owner only.
    /// </summary>
    public static Task WriteAllTextAsync(string path, string text, bool secret, CancellationToken cancellationToken = default) =>
        WriteAsync(path, (stream, ct) => stream.WriteAsync(Utf8.GetBytes(text), ct).AsTask(), secret, cancellationToken);

    /// <summary>
    /// Deletes every temporary file this process still has open (not committed, not disposed):
    /// called when the process is cancelled by a signal or exits, so that no debris is left.
    /// </summary>
    public static void DeleteActiveTemporaryFiles()
    {
        foreach (var temporary in Active.Keys)
        {
            TryDelete(temporary);
            Active.TryRemove(temporary, out _);
        }
    }

    /// <summary>
    /// The process is ending (a signal's grace period ran out, or it exits): from now on no temporary file can be
    /// created or reopened, and every open one is deleted. Threads still running cannot leave a new one behind.
    /// </summary>
    public static void CloseForExit()
    {
        Volatile.Write(ref _closing, 1);
        DeleteActiveTemporaryFiles();
    }

    /// <summary>The number of temporary files this process has open (for tests).</summary>
    internal static int ActiveCount => Active.Count;

    /// <summary>The path with symbolic links resolved, checked to be a regular file or absent.</summary>
    internal static string ResolveTarget(string path)
    {
        var full = Path.GetFullPath(path);
        var kind = FileKinds.Of(full);
        if (kind is not (FileKind.Missing or FileKind.Regular))
        {
            throw new IOException($"{path} is {FileKinds.Describe(kind)}, not a regular file; Sanitas writes only regular files (nothing was written).");
        }
        // Follow links one at a time so that a dangling link's target is created, not the link replaced.
        for (var hops = 0; hops < 40; hops++)
        {
            var info = new FileInfo(full);
            if (info.LinkTarget is not { } link)
            {
                return full;
            }
            full = Path.GetFullPath(link, Path.GetDirectoryName(full) ?? "/");
        }
        throw new IOException($"{path}: too many levels of symbolic links (nothing was written).");
    }

    private static void SweepStale(string target)
    {
        var folder = Path.GetDirectoryName(target) ?? ".";
        var name = Path.GetFileName(target);
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(folder, "." + name + ".*", SearchOption.TopDirectoryOnly)
                .Concat(Directory.EnumerateFiles(folder, ".." + name + ".*", SearchOption.TopDirectoryOnly));
            foreach (var candidate in candidates.ToList())
            {
                if (IsStale(Path.GetFileName(candidate), name))
                {
                    TryDelete(candidate);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Sweeping is best effort: a folder that cannot be listed still gets the new file.
        }
    }

    /// <summary>Whether a file beside the target is a temporary file of a run that is no longer alive.</summary>
    internal static bool IsStale(string fileName, string targetName)
    {
        var prefix = "." + targetName + Marker;
        if (fileName.StartsWith(prefix, StringComparison.Ordinal) && fileName.EndsWith(".tmp", StringComparison.Ordinal))
        {
            var rest = fileName.AsSpan(prefix.Length);
            var dash = rest.IndexOf('-');
            return dash > 0 && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsAlive(pid);
        }
        // Names earlier versions used: ".NAME.GUID.tmp", ".NAME.GUID.part" and "..NAME.GUID.part.GUID.tmp".
        var legacy = "." + targetName + ".";
        var nested = "." + legacy;
        var tail = fileName.StartsWith(nested, StringComparison.Ordinal) ? fileName[nested.Length..]
            : fileName.StartsWith(legacy, StringComparison.Ordinal) ? fileName[legacy.Length..] : null;
        if (tail is null)
        {
            return false;
        }
        var parts = tail.Split('.');
        return parts.Length is 2 or 4 && IsGuid(parts[0]) && parts[^1] is "tmp" or "part"
            && (parts.Length == 2 || (parts[1] == "part" && IsGuid(parts[2])));
    }

    private static bool IsGuid(string text) => text.Length == 32 && Guid.TryParseExact(text, "N", out _);

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }
        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture));
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort; a later run at the same path sweeps it.
        }
    }
}
