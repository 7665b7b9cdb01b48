using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sanitas.Server.Apis;
using Sanitas.Server.Auth;
using Sanitas.Server.Hosting;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Pages.Admin;

/// <summary>Users (create, change role or password, issue a token shown once) and the audit log with filters.</summary>
internal sealed class IndexModel(ServerStore store) : PageModel
{
    public IReadOnlyList<UserRecord> Users { get; private set; } = [];
    public IReadOnlyList<AuditRecord> Audit { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Dataset { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Users = await store.UsersAsync(ct);
        Audit = await store.AuditLogAsync(Empty(Actor), Empty(Action), Empty(Dataset), 200, ct);
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    public async Task OnPostUserAsync(string? name, string? role, string? password, CancellationToken ct)
    {
        try
        {
            var n = Names.Id(name, "name");
            if (role is null || !Roles.IsValid(role) || password is { Length: > 0 and < 8 })
            {
                throw new ServerInputException("Choose a role, and a password of at least 8 characters (or none for API tokens only).");
            }
            await store.UpsertUserAsync(n, role, string.IsNullOrEmpty(password) ? null : Secrets.HashPassword(password), ct);
            await store.AuditAsync(Caller.Name(User), "user-set", null, null, null, $"{n} as {role}", CancellationToken.None);
            Message = $"User {n} saved as {role}.";
        }
        catch (ServerInputException e)
        {
            Error = e.Message;
        }
        await OnGetAsync(ct);
    }

    public async Task OnPostTokenAsync(string name, CancellationToken ct)
    {
        if (await store.FindUserAsync(name, ct) is not null)
        {
            var secret = Secrets.NewToken();
            var token = await store.AddTokenAsync(name, Secrets.HashToken(secret), "issued in the UI", ct);
            await store.AuditAsync(Caller.Name(User), "token-issue", null, null, null, $"{token.Id} for {name}", CancellationToken.None);
            Message = $"Token for {name} (shown once): {secret}";
        }
        await OnGetAsync(ct);
    }
}
