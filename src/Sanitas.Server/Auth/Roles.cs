namespace Sanitas.Server.Auth;

/// <summary>
/// The three roles and the authorization policies built on them. Roles do not nest: an admin
/// manages users and reads the audit log but sees no data; a steward holds the raw data; an analyst
/// reaches data only through differentially private releases charged to their own budget.
/// </summary>
internal static class Roles
{
    public const string Analyst = "analyst";
    public const string Steward = "steward";
    public const string Admin = "admin";

    /// <summary>Policy: any signed-in user.</summary>
    public const string AnyUser = "any-user";

    /// <summary>Policy: analysts and stewards (dataset descriptions: metadata, never rows).</summary>
    public const string AnalystOrSteward = "analyst-or-steward";

    public static readonly IReadOnlyList<string> All = [Analyst, Steward, Admin];

    public static bool IsValid(string role) => All.Contains(role);

    /// <summary>The roles a policy admits, for the OpenAPI document.</summary>
    public static IReadOnlyList<string> OfPolicy(string policy) => policy switch
    {
        AnyUser => All,
        AnalystOrSteward => [Analyst, Steward],
        _ => [policy],
    };
}
