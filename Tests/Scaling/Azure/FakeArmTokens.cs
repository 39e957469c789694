using Microsoft.AspNetCore.Http;

namespace RenderFarm.Tests.Scaling.Azure;

/// <summary>
/// Microsoft Entra ID's token endpoint of the fake's tenant, POST <c>/{tenant}/oauth2/v2.0/token</c>: the
/// client credentials grant of the one service principal it knows, answered with the fake's bearer token.
/// A wrong secret is refused as Entra ID does, 401 <c>invalid_client</c>.
/// </summary>
internal sealed class FakeArmTokens(FakeArmServer server)
{
    public async Task HandleAsync(HttpContext context, string tenant)
    {
        if (!context.Request.HasFormContentType)
        {
            await ErrorAsync(context, 400, "invalid_request", "AADSTS900144: The request body must contain the parameter 'grant_type'.");
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (tenant != server.TenantId)
        {
            await ErrorAsync(context, 400, "invalid_tenant", $"AADSTS90002: Tenant '{tenant}' not found.");
            return;
        }
        if (form["grant_type"] != "client_credentials")
        {
            await ErrorAsync(context, 400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
            return;
        }
        if (form["client_id"] != server.ClientId)
        {
            await ErrorAsync(context, 400, "unauthorized_client", $"AADSTS700016: Application with identifier '{form["client_id"]}' was not found in the directory.");
            return;
        }
        if (form["client_secret"] != server.ClientSecret)
        {
            await ErrorAsync(context, 401, "invalid_client", $"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{server.ClientId}'.");
            return;
        }
        if (form["scope"] != $"{server.ArmEndpoint}/.default")
        {
            await ErrorAsync(context, 400, "invalid_scope", $"AADSTS70011: The provided value for the input parameter 'scope' is not valid: '{form["scope"]}'.");
            return;
        }
        server.CountToken();
        await FakeArmHttp.JsonAsync(context, 200, new Dictionary<string, object?>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = 3599,
            ["ext_expires_in"] = 3599,
            ["access_token"] = server.AccessToken,
        });
    }

    private static Task ErrorAsync(HttpContext context, int status, string error, string description) =>
        FakeArmHttp.JsonAsync(context, status, new Dictionary<string, object?>
        {
            ["error"] = error,
            ["error_description"] = description,
            ["error_codes"] = new[] { 7000215 },
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("u"),
            ["trace_id"] = Guid.NewGuid().ToString(),
            ["correlation_id"] = Guid.NewGuid().ToString(),
        });
}
