using System.Runtime.InteropServices;

namespace Sanitas.Data;

/// <summary>What is at a path (symbolic links followed).</summary>
internal enum FileKind
{
    /// <summary>Nothing (or a dangling link).</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A character device such as <c>/dev/zero</c> or a terminal.</summary>
    CharacterDevice,

    /// <summary>A block device.</summary>
    BlockDevice,

    /// <summary>A named or anonymous pipe.</summary>
    Pipe,

    /// <summary>A socket.</summary>
    Socket,

    /// <summary>Something else the system reports.</summary>
    Other,
}

/// <summary>
/// Tells regular files from devices, pipes and sockets, which .NET's file APIs do not: on Linux
/// with <c>statx(2)</c>, whose result layout is the same on every architecture.
/// </summary>
internal static class FileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private static bool _statxMissing;

    /// <summary>The kind of file at <paramref name="path"/>, following symbolic links.</summary>
    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsLinux() && !_statxMissing)
        {
            var buffer = new byte[256];
            try
            {
                if (Statx(AtFdCwd, path, 0, StatxType, buffer) == 0)
                {
                    // struct statx: stx_mode (native-endian u16) at offset 28 on every architecture.
                    var mode = BitConverter.ToUInt16(buffer, 28);
                    return (mode & 0xF000) switch
                    {
                        0x8000 => FileKind.Regular,
                        0x4000 => FileKind.Directory,
                        0x2000 => FileKind.CharacterDevice,
                        0x6000 => FileKind.BlockDevice,
                        0x1000 => FileKind.Pipe,
                        0xC000 => FileKind.Socket,
                        _ => FileKind.Other,
                    };
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno is 2 or 20 or 40)
                {
                    // ENOENT, ENOTDIR, ELOOP: nothing usable is there.
                    return FileKind.Missing;
                }
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                _statxMissing = true;
            }
        }
        if (System.IO.Directory.Exists(path))
        {
            return FileKind.Directory;
        }
        return File.Exists(path) ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>"a directory", "a character device", ... for messages.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Pipe => "a pipe",
        FileKind.Socket => "a socket",
        _ => "a special file",
    };

    /// <summary>Checks that <paramref name="path"/> names a readable regular file, so that reading it ends.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is for, as messages name it ("the input", "hierarchy file").</param>
    /// <exception cref="FileNotFoundException">Nothing is at the path.</exception>
    /// <exception cref="IOException">A directory, device, pipe or socket is at the path.</exception>
    public static void RequireRegularFile(string path, string what)
    {
        var kind = Of(path);
        if (kind == FileKind.Missing)
        {
            throw new FileNotFoundException($"{what} {path} does not exist.", path);
        }
        if (kind != FileKind.Regular)
        {
            throw new IOException($"{what} {path} is {Describe(kind)}, not a regular file.");
        }
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true, ExactSpelling = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
