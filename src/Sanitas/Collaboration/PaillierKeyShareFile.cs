using Sanitas.Data;

namespace Sanitas.Collaboration;

/// <summary>A centre's threshold Paillier key share on disk (JSON, file mode 600), as the dealer hands it over.</summary>
public static class PaillierKeyShareFile
{
    /// <summary>Writes a share atomically.</summary>
    /// <param name="share">The share.</param>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public static Task WriteAsync(PaillierKeyShare share, string path, CancellationToken cancellationToken = default) =>
        AtomicFile.WriteAllTextAsync(path, CollaborationJson.Serialize(share), secret: true, cancellationToken);

    /// <summary>Reads a share.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The share.</returns>
    public static PaillierKeyShare Read(string path) =>
        CollaborationJson.Deserialize<PaillierKeyShare>(File.ReadAllText(path), path);
}
