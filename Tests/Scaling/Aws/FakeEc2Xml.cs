using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace RenderFarm.Tests.Scaling.Aws;

/// <summary>How EC2's query API writes its answers: XML in the 2016-11-15 namespace, errors in their own form.</summary>
internal static class FakeEc2Xml
{
    public static readonly XNamespace Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    /// <summary><c>&lt;{Action}Response&gt;</c> with a request id and the answer's elements.</summary>
    public static Task AnswerAsync(HttpContext context, string action, params object?[] content) =>
        WriteAsync(context, 200, new XElement(Ns + $"{action}Response", new XElement(Ns + "requestId", RequestId()), content));

    /// <summary>EC2's error form, which (unlike its answers) has no namespace.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteAsync(context, status, new XElement("Response",
            new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))),
            new XElement("RequestID", RequestId())));

    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    /// <summary>A list the EC2 way: <c>&lt;name&gt;&lt;item&gt;…&lt;/item&gt;…&lt;/name&gt;</c>.</summary>
    public static XElement Set(string name, IEnumerable<IEnumerable<object?>> items) =>
        new(Ns + name, items.Select(item => new XElement(Ns + "item", item.ToArray())));

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static async Task WriteAsync(HttpContext context, int status, XElement body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml;charset=UTF-8";
        var text = body.ToString(SaveOptions.DisableFormatting);
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), context.RequestAborted);
    }

    private static string RequestId() => Guid.NewGuid().ToString();
}
