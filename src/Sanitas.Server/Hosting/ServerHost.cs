using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.OpenApi;
using Sanitas.Server.Apis;
using Sanitas.Server.Auth;
using Sanitas.Server.Demo;
using Sanitas.Server.Jobs;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Hosting;

/// <summary>
/// Builds and runs the Sanitas service: storage, authentication (bearer tokens for the API, cookies
/// for the UI), role policies, the APIs, the OpenAPI document, jobs, limits and the Razor Pages UI.
/// </summary>
public static class ServerHost
{
    /// <summary>Runs the server until it is stopped (Ctrl+C) or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="args">Command-line configuration, e.g. <c>--Sanitas:DataDir=DIR</c>, <c>--urls=http://localhost:5080</c>.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    public static async Task RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var app = Build(args);
        await app.RunAsync(cancellationToken == default ? default : cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the application.</summary>
    /// <param name="args">Command-line configuration.</param>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(ServerHost).Assembly.GetName().Name,
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        ConfigureServices(builder.Services);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    private static void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(sp => ServerOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<ServerOptions>();
            Directory.CreateDirectory(options.DataDirectory);
            return new ServerStore(options.StoreDatabase);
        });
        // Cookie and anti-forgery keys live with the data, so sign-ins survive a restart.
        services.AddDataProtection();
        services.AddOptions<KeyManagementOptions>().Configure<ServerOptions>((k, o) =>
            k.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(o.DataDirectory, "keys")), NullLoggerFactory.Instance));
        services.AddSingleton<DatasetService>();
        services.AddSingleton<ProjectService>();
        services.AddSingleton<TrainingService>();
        services.AddSingleton<SynthesisService>();
        services.AddSingleton<SynthesisEvaluationService>();
        services.AddSingleton<TimeSeriesSynthesisService>();
        services.AddSingleton<JobQueue>();
        services.AddHostedService<ServerInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<JobQueue>());

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemMapper>();
        services.AddOptions<KestrelServerOptions>().Configure<ServerOptions>((k, o) =>
        {
            k.Limits.MaxRequestBodySize = o.MaxUploadBytes;
            k.AddServerHeader = false;
        });
        services.AddOptions<FormOptions>().Configure<ServerOptions>((f, o) => f.MultipartBodyLengthLimit = o.MaxUploadBytes);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "smart";
                o.DefaultChallengeScheme = "smart";
            })
            .AddPolicyScheme("smart", "Bearer or cookie", o => o.ForwardDefaultSelector = c =>
                c.Request.Headers.Authorization.Count > 0 || c.Request.Path.StartsWithSegments("/api") ? BearerTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/Login";
                o.LogoutPath = "/Logout";
                o.Cookie.Name = "sanitas";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToAccessDenied = async context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.WriteAsync("<!DOCTYPE html><html lang=\"en\"><head><title>403 Forbidden · Sanitas</title></head><body><h1>403 Forbidden</h1><p>Your role may not open this page.</p><p><a href=\"/\">Back to the start page</a></p></body></html>").ConfigureAwait(false);
                };
            });
        services.AddAuthorization(o =>
        {
            foreach (var policy in new[] { Roles.Analyst, Roles.Steward, Roles.Admin, Roles.AnyUser, Roles.AnalystOrSteward })
            {
                var roles = Roles.OfPolicy(policy).ToArray();
                o.AddPolicy("api:" + policy, p => p.AddAuthenticationSchemes(BearerTokenHandler.SchemeName).RequireAuthenticatedUser().RequireRole(roles));
                o.AddPolicy("ui:" + policy, p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser().RequireRole(roles));
            }
        });
        services.AddAntiforgery();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limit = context.RequestServices.GetRequiredService<ServerOptions>().RequestsPerMinute;
                var key = context.User.Identity?.IsAuthenticated == true ? "user:" + context.User.Identity.Name : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        services.AddRequestTimeouts();
        services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Sanitas",
                    Version = "v1",
                    Description = "Privacy engineering for health data: datasets answered with differential privacy under per-analyst budgets, anonymization projects, risk and training jobs. Authenticate with 'Authorization: Bearer TOKEN'. Every operation names the roles it admits in 'x-sanitas-roles'. Errors are RFC 9457 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [BearerTokenHandler.SchemeName] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An API token issued by an admin." },
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var roles = context.Description.ActionDescriptor.EndpointMetadata.OfType<RoleRequirement>().LastOrDefault();
                if (roles is not null)
                {
                    operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    operation.Extensions["x-sanitas-roles"] = new JsonNodeExtension(new JsonArray([.. roles.Roles.Select(r => (JsonNode)JsonValue.Create(r))]));
                    operation.Description = $"Roles: {string.Join(", ", roles.Roles)}.";
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerTokenHandler.SchemeName, context.Document)] = [] }];
                }
                return Task.CompletedTask;
            });
        });
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Analyst", "ui:" + Roles.Analyst);
            o.Conventions.AuthorizeFolder("/Steward", "ui:" + Roles.Steward);
            o.Conventions.AuthorizeFolder("/Admin", "ui:" + Roles.Admin);
            o.Conventions.AuthorizePage("/Jobs", "ui:" + Roles.AnyUser);
        });
    }

    private static void Configure(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(SecurityHeaders);
        app.Use(UploadLimit);
        if (app.Configuration["urls"]?.Contains("https://", StringComparison.OrdinalIgnoreCase) == true)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRequestTimeouts();
        app.UseAntiforgery();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription().AllowAnonymous();
        var api = app.MapGroup("");
        api.WithRequestTimeout(new Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutPolicy
        {
            Timeout = app.Services.GetRequiredService<ServerOptions>().RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        });
        api.MapAdminApi();
        api.MapDatasetsApi();
        api.MapTimeSeriesApi();
        api.MapProjectsApi();
        api.MapJobsApi();
        api.MapSynthesisEvaluationApi();
        app.MapRazorPages();
    }

    /// <summary>Refuses a body declared larger than the upload limit before anything reads it (Kestrel also stops longer chunked bodies).</summary>
    private static Task UploadLimit(HttpContext context, Func<Task> next)
    {
        if (context.Request.ContentLength > context.RequestServices.GetRequiredService<ServerOptions>().MaxUploadBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        }
        return next();
    }

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var h = context.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        h.CacheControl = context.Request.Path.StartsWithSegments("/api") ? "no-store" : h.CacheControl;
        return next();
    }
}
