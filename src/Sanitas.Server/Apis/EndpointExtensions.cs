using Sanitas.Server.Auth;

namespace Sanitas.Server.Apis;

/// <summary>Declares who may call an API endpoint: bearer-token authentication, the role policy, and the problem responses.</summary>
internal static class EndpointExtensions
{
    public static RouteHandlerBuilder For(this RouteHandlerBuilder builder, string policy) => builder
        .RequireAuthorization("api:" + policy)
        .WithMetadata(new RoleRequirement(Roles.OfPolicy(policy)))
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);
}
