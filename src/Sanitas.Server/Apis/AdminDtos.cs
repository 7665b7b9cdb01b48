namespace Sanitas.Server.Apis;

/// <summary>The caller: name and role.</summary>
internal sealed record MeView(string Name, string Role);

/// <summary>A user as an admin sees it (no password hash).</summary>
internal sealed record UserView(string Name, string Role, bool HasPassword, string CreatedAt);

/// <summary>Creates a user or changes their role or password.</summary>
internal sealed record UserRequest(string? Name, string? Role, string? Password);

/// <summary>Asks for a new API token.</summary>
internal sealed record TokenRequest(string? Label);

/// <summary>A new token: its secret is shown once, here, and stored only hashed.</summary>
internal sealed record NewTokenView(string Id, string User, string Token);
