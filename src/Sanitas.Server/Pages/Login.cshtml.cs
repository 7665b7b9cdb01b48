using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sanitas.Server.Auth;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Pages;

/// <summary>Cookie sign-in with a PBKDF2-checked password (the form carries an anti-forgery token).</summary>
internal sealed class LoginModel(ServerStore store) : PageModel
{
    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? name, string? password, CancellationToken ct)
    {
        var user = name is { Length: > 0 } ? await store.FindUserAsync(name, ct) : null;
        if (user is null || password is null || !Secrets.VerifyPassword(password, user.PasswordHash))
        {
            await store.AuditAsync(name ?? "", "login-failed", null, null, null, "wrong user or password", CancellationToken.None);
            Error = "Wrong user name or password.";
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            BearerTokenHandler.Principal(user.Name, user.Role, CookieAuthenticationDefaults.AuthenticationScheme));
        await store.AuditAsync(user.Name, "login", null, null, null, "browser sign-in", CancellationToken.None);
        var home = user.Role switch { Roles.Analyst => "/Analyst", Roles.Steward => "/Steward", _ => "/Admin" };
        return LocalRedirect(ReturnUrl is { Length: > 0 } r && Url.IsLocalUrl(r) ? r : home);
    }
}
