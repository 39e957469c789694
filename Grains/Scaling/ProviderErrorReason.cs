namespace RenderFarm.Scaling;

/// <summary>Why a provider refused, as the autoscaler acts on it.</summary>
public enum ProviderErrorReason
{
    /// <summary>The account's limit (vCPUs, instances, spot requests) is reached: try another type or region.</summary>
    Quota = 0,
    /// <summary>The provider has no such machines free now (spot capacity, a zone out of GPUs): try another type, region or on-demand.</summary>
    Capacity = 1,
    /// <summary>Too many requests: wait and try the same again.</summary>
    Throttled = 2,
    /// <summary>The credentials are missing, expired or not allowed: nothing works until an operator fixes them.</summary>
    Auth = 3,
    /// <summary>The request is wrong (an unknown instance type, image or region): this offer never works as configured.</summary>
    BadRequest = 4,
    /// <summary>The provider could not be reached or failed inside: wait and try again.</summary>
    Unavailable = 5,
}
