using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace RenderFarm.Tests.Scaling.Aws;

/// <summary>
/// The instance metadata service of each fake instance, IMDSv2 style, under
/// <c>/instances/{instance-id}/</c> (<see cref="FakeEc2Server.MetadataEndpoint"/>), where a machine
/// finds it at http://169.254.169.254/: <c>PUT latest/api/token</c> (with
/// <c>X-aws-ec2-metadata-token-ttl-seconds</c>) gives a token that every <c>GET latest/meta-data/…</c>
/// of that instance presents as <c>X-aws-ec2-metadata-token</c>. It serves <c>instance-id</c> and
/// <c>spot/instance-action</c>: 404 until the test sets a notice, then EC2's
/// <c>{"action":"terminate","time":"…"}</c> two minutes after the notice.
/// </summary>
internal sealed class FakeEc2Metadata(FakeEc2Server server)
{
    public const string PathPrefix = "/instances/";
    public const string TokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    public const string TokenHeader = "X-aws-ec2-metadata-token";

    /// <summary>EC2's notice comes two minutes before it reclaims a spot instance.</summary>
    public static readonly TimeSpan NoticeLead = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, (string InstanceId, DateTimeOffset Expires)> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> notices = new(StringComparer.Ordinal);

    /// <summary>From now on the instance's metadata says it will be terminated two minutes on (or <paramref name="lead"/>).</summary>
    public void SetSpotNotice(string instanceId, TimeSpan? lead = null) => notices[instanceId] = server.Instances.Now + (lead ?? NoticeLead);

    public async Task HandleAsync(HttpContext context)
    {
        var rest = context.Request.Path.Value![PathPrefix.Length..];
        var slash = rest.IndexOf('/');
        var (instanceId, path) = slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
        if (server.Instances.Find(instanceId) is null)
        {
            await TextAsync(context, 404, "Not Found");
            return;
        }
        if (path == "latest/api/token")
        {
            await TokenAsync(context, instanceId);
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await TextAsync(context, 405, "Method Not Allowed");
            return;
        }
        if (!tokens.TryGetValue(context.Request.Headers[TokenHeader].ToString(), out var token) || token.InstanceId != instanceId || token.Expires <= server.Instances.Now)
        {
            await TextAsync(context, 401, "Unauthorized");
            return;
        }
        switch (path)
        {
            case "latest/meta-data/instance-id":
                await TextAsync(context, 200, instanceId);
                break;
            case "latest/meta-data/spot/instance-action" when notices.TryGetValue(instanceId, out var at):
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["action"] = "terminate",
                    ["time"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                }), context.RequestAborted);
                break;
            default:
                await TextAsync(context, 404, "Not Found");
                break;
        }
    }

    private async Task TokenAsync(HttpContext context, string instanceId)
    {
        if (!HttpMethods.IsPut(context.Request.Method))
        {
            await TextAsync(context, 405, "Method Not Allowed");
            return;
        }
        if (!int.TryParse(context.Request.Headers[TokenTtlHeader], CultureInfo.InvariantCulture, out var ttl) || ttl is < 1 or > 21600)
        {
            await TextAsync(context, 400, "Bad Request");
            return;
        }
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(40));
        tokens[token] = (instanceId, server.Instances.Now + TimeSpan.FromSeconds(ttl));
        context.Response.Headers[TokenTtlHeader] = ttl.ToString(CultureInfo.InvariantCulture);
        await TextAsync(context, 200, token);
    }

    private static async Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}
