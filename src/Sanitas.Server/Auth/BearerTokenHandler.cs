using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer TOKEN</c> against the hashed, unrevoked tokens in the store.</summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ServerStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header["Bearer ".Length..].Trim();
        var user = token.Length is > 0 and < 200 ? await store.UserByTokenHashAsync(Secrets.HashToken(token), Context.RequestAborted).ConfigureAwait(false) : null;
        if (user is null)
        {
            return AuthenticateResult.Fail("The token is unknown or revoked.");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(Principal(user.Name, user.Role, SchemeName), SchemeName));
    }

    public static ClaimsPrincipal Principal(string name, string role, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], scheme, ClaimTypes.Name, ClaimTypes.Role));
}
