using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace RenderFarm.Tests.Scaling.Azure;

/// <summary>How the fake writes answers.</summary>
internal static class FakeArmHttp
{
    public const string JsonType = "application/json; charset=utf-8";

    /// <summary>Resource Manager's error format: <c>{"error": {"code", "message"}}</c>.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        JsonAsync(context, status, new Dictionary<string, object?> { ["error"] = new Dictionary<string, object?> { ["code"] = code, ["message"] = message } });

    public static async Task JsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonType;
        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        await JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), cancellationToken: context.RequestAborted);
    }
}
