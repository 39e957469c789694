namespace RenderFarm.Scaling;

/// <summary>A provider's refusal or failure, with the reason the autoscaler acts on and the provider's own code.</summary>
public sealed class ProviderException(string provider, ProviderErrorReason reason, string message, string? code = null, Exception? inner = null)
    : Exception($"{provider}: {message}", inner)
{
    public string Provider { get; } = provider;
    public ProviderErrorReason Reason { get; } = reason;
    /// <summary>The provider's error code, e.g. InsufficientInstanceCapacity, ZONE_RESOURCE_POOL_EXHAUSTED, SkuNotAvailable.</summary>
    public string? Code { get; } = code;
}
