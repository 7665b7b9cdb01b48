namespace Sanitas.Collaboration;

/// <summary>Coordinates a consortium over HTTP: the entry point of <c>sanitas federate --config</c>.</summary>
public static class Federation
{
    /// <summary>Runs the consortium's protocol: K-fold cross-validation and a final fit, every message signed and verified.</summary>
    /// <param name="config">The consortium.</param>
    /// <param name="coordinator">The coordinator's identity (its public key is pinned in the consortium file).</param>
    /// <param name="progress">Progress in [0, 1].</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The report.</returns>
    public static async Task<FederationReport> RunAsync(ConsortiumConfig config, SiteIdentity coordinator, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(coordinator);
        config.Validate();
        if (!string.Equals(SiteIdentity.Fingerprint(coordinator.PublicKeyPem), SiteIdentity.Fingerprint(config.CoordinatorPublicKeyPem), StringComparison.Ordinal))
        {
            throw new CollaborationException("The coordinator's identity does not match the public key pinned in the consortium file.");
        }
        using var client = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var channels = config.Sites.Select(s => (ISiteChannel)new HttpSiteChannel(s.Name, s.Url, client, config.Timeout, config.Retries)).ToList();
        var coordinatorRun = new FederatedCoordinator(config, coordinator, channels, progress);
        return await coordinatorRun.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
