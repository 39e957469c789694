using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace RenderFarm.Tests.Scaling.Gcp;

/// <summary>
/// The OAuth token endpoint of a service account: POST /token with grant_type
/// urn:ietf:params:oauth:grant-type:jwt-bearer and an RS256 JWT assertion signed by a trusted key, issued
/// by its client_email, for this endpoint, with a scope. Answers the fake's current access token.
/// </summary>
internal sealed class FakeComputeTokens(FakeComputeServer server)
{
    public const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>The audience Google.Apis.Auth signs assertions for, wherever its key's token_uri points.</summary>
    public const string GoogleTokenUri = "https://oauth2.googleapis.com/token";

    public async Task HandleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != JwtBearer)
        {
            await RefuseAsync(context, "unsupported_grant_type", $"grant_type must be {JwtBearer}");
            return;
        }
        if (Fault(form["assertion"].ToString()) is { } fault)
        {
            await RefuseAsync(context, "invalid_grant", fault);
            return;
        }
        server.CountToken();
        await FakeComputeHttp.JsonAsync(context, 200, new Dictionary<string, object>
        {
            ["access_token"] = server.AccessToken,
            ["expires_in"] = 3599,
            ["token_type"] = "Bearer",
        });
    }

    private string? Fault(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
            return "the assertion is not a JWT";
        JsonElement header, claims;
        try
        {
            header = JsonDocument.Parse(Base64Url(parts[0])).RootElement;
            claims = JsonDocument.Parse(Base64Url(parts[1])).RootElement;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return "the assertion's header or claims are not base64url JSON";
        }
        if (Text(header, "alg") != "RS256")
            return "the assertion must be signed RS256";
        var issuer = Text(claims, "iss");
        if (issuer is null || server.TrustedKey(issuer) is not { } key)
            return $"no trusted service account {issuer}";
        using (var rsa = RSA.Create(key))
        {
            if (!rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
                return "Invalid JWT Signature.";
        }
        if (Text(claims, "aud") is not { } audience || (audience != server.TokenUri && audience != GoogleTokenUri))
            return $"the assertion's audience must be {GoogleTokenUri} or {server.TokenUri} (was {Text(claims, "aud")})";
        if (Text(claims, "scope") is not { Length: > 0 })
            return "the assertion names no scope";
        if (!claims.TryGetProperty("exp", out var exp) || exp.GetInt64() < DateTimeOffset.UtcNow.ToUnixTimeSeconds())
            return "the assertion has expired";
        return null;
    }

    private static Task RefuseAsync(HttpContext context, string error, string description) =>
        FakeComputeHttp.JsonAsync(context, 400, new Dictionary<string, string> { ["error"] = error, ["error_description"] = description });

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
