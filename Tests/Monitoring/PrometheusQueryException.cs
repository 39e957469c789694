using System.Net;

namespace RenderFarm.Tests.Monitoring;

/// <summary>Prometheus refused a request: HTTP 400 with errorType bad_data for an expression that does not parse.</summary>
public sealed class PrometheusQueryException(string request, HttpStatusCode statusCode, string? errorType, string error)
    : Exception($"Prometheus answered {(int)statusCode} {errorType} to {request}: {error}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;
    public string? ErrorType { get; } = errorType;
    public string Error { get; } = error;
}
