using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanitas.Server.Auth;
using Sanitas.Server.Hosting;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Apis;

/// <summary>Who am I (any user); users, tokens and the audit log (admins).</summary>
internal static class AdminApi
{
    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", Me).For(Roles.AnyUser).WithTags("Account").WithSummary("The caller's name and role.");
        var admin = app.MapGroup("/api").WithTags("Admin");
        admin.MapGet("/users", Users).For(Roles.Admin).WithSummary("List users.");
        admin.MapPost("/users", PutUser).For(Roles.Admin).ProducesProblem(400).WithSummary("Create a user, or change a user's role or password.");
        admin.MapGet("/users/{name}/tokens", Tokens).For(Roles.Admin).WithSummary("A user's API tokens (ids and dates, never secrets).");
        admin.MapPost("/users/{name}/tokens", NewToken).For(Roles.Admin).ProducesProblem(404).WithSummary("Issue an API token for a user; the secret is returned once.");
        admin.MapDelete("/tokens/{tokenId}", Revoke).For(Roles.Admin).ProducesProblem(404).WithSummary("Revoke a token.");
        admin.MapGet("/audit", Audit).For(Roles.Admin).WithSummary("The append-only audit log, newest first, filtered by actor, action or dataset.");
    }

    private static Ok<MeView> Me(ClaimsPrincipal user) => TypedResults.Ok(new MeView(Caller.Name(user), Caller.Role(user)));

    private static async Task<Ok<UserView[]>> Users(ServerStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.UsersAsync(ct).ConfigureAwait(false)).Select(u => new UserView(u.Name, u.Role, u.PasswordHash is not null, u.CreatedAt)).ToArray());

    private static async Task<Ok<UserView>> PutUser(UserRequest request, ClaimsPrincipal user, ServerStore store, CancellationToken ct)
    {
        var name = Names.Id(request.Name, "name");
        var role = request.Role is { } r && Roles.IsValid(r) ? r : throw new ServerInputException($"'role' must be one of {string.Join(", ", Roles.All)}.");
        if (request.Password is { Length: < 8 })
        {
            throw new ServerInputException("'password' must have at least 8 characters.");
        }
        await store.UpsertUserAsync(name, role, request.Password is { } p ? Secrets.HashPassword(p) : null, ct).ConfigureAwait(false);
        await store.AuditAsync(Caller.Name(user), "user-set", null, null, null, $"{name} as {role}", CancellationToken.None).ConfigureAwait(false);
        var saved = (await store.FindUserAsync(name, ct).ConfigureAwait(false))!;
        return TypedResults.Ok(new UserView(saved.Name, saved.Role, saved.PasswordHash is not null, saved.CreatedAt));
    }

    private static async Task<Results<Ok<TokenRecord[]>, ProblemHttpResult>> Tokens(string name, ServerStore store, CancellationToken ct) =>
        await store.FindUserAsync(name, ct).ConfigureAwait(false) is null ? TypedResults.Problem($"No user '{name}'.", statusCode: 404, title: "Not found")
        : TypedResults.Ok((await store.TokensAsync(name, ct).ConfigureAwait(false)).ToArray());

    private static async Task<Results<Ok<NewTokenView>, ProblemHttpResult>> NewToken(string name, TokenRequest? request, ClaimsPrincipal user, ServerStore store, CancellationToken ct)
    {
        if (await store.FindUserAsync(name, ct).ConfigureAwait(false) is null)
        {
            return TypedResults.Problem($"No user '{name}'.", statusCode: 404, title: "Not found");
        }
        var secret = Secrets.NewToken();
        var token = await store.AddTokenAsync(name, Secrets.HashToken(secret), request?.Label, ct).ConfigureAwait(false);
        await store.AuditAsync(Caller.Name(user), "token-issue", null, null, null, $"{token.Id} for {name}", CancellationToken.None).ConfigureAwait(false);
        return TypedResults.Ok(new NewTokenView(token.Id, name, secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string tokenId, ClaimsPrincipal user, ServerStore store, CancellationToken ct)
    {
        if (!await store.RevokeTokenAsync(tokenId, ct).ConfigureAwait(false))
        {
            return TypedResults.Problem($"No live token '{tokenId}'.", statusCode: 404, title: "Not found");
        }
        await store.AuditAsync(Caller.Name(user), "token-revoke", null, null, null, tokenId, CancellationToken.None).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<AuditRecord[]>> Audit(string? actor, string? action, string? dataset, int? limit, ServerStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.AuditLogAsync(actor, action, dataset, Math.Clamp(limit ?? 200, 1, 10_000), ct).ConfigureAwait(false)).ToArray());
}
