namespace Sanitas.Collaboration;

/// <summary>The coordinator's line to one centre: send a signed request, get the signed answer.</summary>
internal interface ISiteChannel
{
    /// <summary>The centre's name.</summary>
    string Site { get; }

    /// <summary>Bytes sent and received so far (request and answer bodies).</summary>
    long Bytes { get; }

    /// <summary>Sends one request; a centre that does not answer in time (after bounded retries) throws <see cref="SiteUnavailableException"/>.</summary>
    Task<SignedEnvelope> SendAsync(SignedEnvelope request, CancellationToken cancellationToken);
}
