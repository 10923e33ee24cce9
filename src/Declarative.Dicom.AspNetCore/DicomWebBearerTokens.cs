using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Declarative.Dicom.AspNetCore;

/// <summary>Settings of the bearer-token hook: the application's own check of a token.</summary>
public sealed class DicomWebBearerTokenOptions : AuthenticationSchemeOptions
{
    /// <summary>The user a token stands for, or null when it is not valid (unknown, expired, revoked).</summary>
    public Func<string, CancellationToken, ValueTask<ClaimsPrincipal?>>? ValidateToken { get; set; }
}

/// <summary>
/// The authentication hook of the UPS-RS endpoints: <c>Authorization: Bearer {token}</c> checked by the application's
/// <see cref="DicomWebBearerTokenOptions.ValidateToken"/> (an introspection call, a JWT library, a table). A browser cannot set
/// headers on a WebSocket upgrade, so there — and only there — the token may come as <c>?access_token=</c>. A missing or
/// rejected token is answered 401 with <c>WWW-Authenticate: Bearer</c> (RFC 6750).
/// </summary>
public sealed class DicomWebBearerTokenHandler(IOptionsMonitor<DicomWebBearerTokenOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<DicomWebBearerTokenOptions>(options, logger, encoder)
{
    public const string SchemeName = "DicomWebBearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = null;
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization["Bearer ".Length..].Trim();
        }
        else if (Context.WebSockets.IsWebSocketRequest && Request.Query.TryGetValue("access_token", out var query))
        {
            token = query.ToString();
        }

        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        var user = Options.ValidateToken is { } validate ? await validate(token, Context.RequestAborted).ConfigureAwait(false) : null;
        return user is null ? AuthenticateResult.Fail("The bearer token is not valid.") : AuthenticateResult.Success(new AuthenticationTicket(user, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>Registers <see cref="DicomWebBearerTokenHandler"/>.</summary>
public static class DicomWebBearerTokenExtensions
{
    /// <summary>Bearer tokens checked by <paramref name="validate"/>, as the scheme <see cref="DicomWebBearerTokenHandler.SchemeName"/>.</summary>
    public static AuthenticationBuilder AddDicomWebBearerTokens(this AuthenticationBuilder builder, Func<string, CancellationToken, ValueTask<ClaimsPrincipal?>> validate) =>
        builder.AddScheme<DicomWebBearerTokenOptions, DicomWebBearerTokenHandler>(DicomWebBearerTokenHandler.SchemeName, options => options.ValidateToken = validate);
}
