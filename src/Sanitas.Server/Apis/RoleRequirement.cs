namespace Sanitas.Server.Apis;

/// <summary>Endpoint metadata naming the roles an endpoint admits (the OpenAPI document shows it as <c>x-sanitas-roles</c>).</summary>
internal sealed record RoleRequirement(IReadOnlyList<string> Roles);
