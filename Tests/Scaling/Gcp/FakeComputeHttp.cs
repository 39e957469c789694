using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace RenderFarm.Tests.Scaling.Gcp;

/// <summary>How the fake Compute API writes answers.</summary>
internal static class FakeComputeHttp
{
    public const string JsonType = "application/json; charset=UTF-8";

    /// <summary>Google's error format: <c>{"error": {"code", "message", "errors": [{"message", "domain", "reason"}]}}</c>.</summary>
    public static Task ErrorAsync(HttpContext context, int code, string reason, string message) =>
        JsonAsync(context, code, new Dictionary<string, object?>
        {
            ["error"] = new Dictionary<string, object?>
            {
                ["code"] = code,
                ["message"] = message,
                ["errors"] = new[] { new Dictionary<string, object?> { ["message"] = message, ["domain"] = "global", ["reason"] = reason } },
            },
        });

    public static async Task JsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonType;
        await JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), cancellationToken: context.RequestAborted);
    }

    public static async Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/text";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}
