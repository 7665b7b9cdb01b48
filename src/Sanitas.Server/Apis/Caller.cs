using System.Security.Claims;

namespace Sanitas.Server.Apis;

/// <summary>Who is calling: the authenticated user's name and role.</summary>
internal static class Caller
{
    public static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? throw new InvalidOperationException("No authenticated user.");

    public static string Role(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? "";
}
