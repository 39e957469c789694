using Amazon.Runtime;
using RenderFarm.Remote;

namespace RenderFarm.Scaling.Aws;

/// <summary>
/// Turns what the EC2 SDK throws into a <see cref="ProviderException"/> with the reason the autoscaler acts
/// on and EC2's error code, or nothing (the error stays as it is) for a cancellation the caller asked for
/// and for what is not the SDK's.
/// </summary>
internal static class Ec2Errors
{
    private static readonly Dictionary<string, ProviderErrorReason> ReasonByCode = new(StringComparer.Ordinal)
    {
        ["InsufficientInstanceCapacity"] = ProviderErrorReason.Capacity,
        ["InsufficientCapacity"] = ProviderErrorReason.Capacity,
        ["InsufficientHostCapacity"] = ProviderErrorReason.Capacity,
        ["InsufficientReservedInstanceCapacity"] = ProviderErrorReason.Capacity,
        ["SpotMaxPriceTooLow"] = ProviderErrorReason.Capacity,
        // The type is not offered in the subnet's zone (or not with this image): another type or region may be.
        ["Unsupported"] = ProviderErrorReason.Capacity,

        ["InstanceLimitExceeded"] = ProviderErrorReason.Quota,
        ["VcpuLimitExceeded"] = ProviderErrorReason.Quota,
        ["MaxSpotInstanceCountExceeded"] = ProviderErrorReason.Quota,
        ["InsufficientFreeAddressesInSubnet"] = ProviderErrorReason.Quota,

        ["RequestLimitExceeded"] = ProviderErrorReason.Throttled,
        ["Throttling"] = ProviderErrorReason.Throttled,
        ["ThrottlingException"] = ProviderErrorReason.Throttled,

        ["AuthFailure"] = ProviderErrorReason.Auth,
        ["UnauthorizedOperation"] = ProviderErrorReason.Auth,
        ["Blocked"] = ProviderErrorReason.Auth,
        ["OptInRequired"] = ProviderErrorReason.Auth,
        ["PendingVerification"] = ProviderErrorReason.Auth,
        ["SignatureDoesNotMatch"] = ProviderErrorReason.Auth,
        ["InvalidClientTokenId"] = ProviderErrorReason.Auth,
        ["ExpiredToken"] = ProviderErrorReason.Auth,
        ["RequestExpired"] = ProviderErrorReason.Auth,

        ["InvalidParameterValue"] = ProviderErrorReason.BadRequest,
        ["InvalidParameterCombination"] = ProviderErrorReason.BadRequest,
        ["InvalidParameter"] = ProviderErrorReason.BadRequest,
        ["MissingParameter"] = ProviderErrorReason.BadRequest,
        ["InvalidGroup.NotFound"] = ProviderErrorReason.BadRequest,
        ["InvalidInstanceID.Malformed"] = ProviderErrorReason.BadRequest,

        ["Unavailable"] = ProviderErrorReason.Unavailable,
        ["ServiceUnavailable"] = ProviderErrorReason.Unavailable,
        ["InternalError"] = ProviderErrorReason.Unavailable,
    };

    /// <summary>Codes of a family (InvalidAMIID.NotFound, InvalidAMIID.Malformed, …) that all say the configuration names something that is not there.</summary>
    private static readonly string[] BadRequestPrefixes = ["InvalidAMIID.", "InvalidSubnetID.", "InvalidGroupId.", "InvalidKeyPair.", "InvalidSecurityGroupID."];

    /// <summary>The reason EC2's error code stands for, or null for a code not known here.</summary>
    public static ProviderErrorReason? ReasonOf(string? code) =>
        code is null ? null
        : ReasonByCode.TryGetValue(code, out var reason) ? reason
        : BadRequestPrefixes.Any(p => code.StartsWith(p, StringComparison.Ordinal)) ? ProviderErrorReason.BadRequest
        : null;

    /// <summary>The exception to throw instead of <paramref name="error"/>, or null to let it through.</summary>
    public static ProviderException? Translate(Exception error, string doing, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case ProviderException or ArgumentException:
                return null;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case AmazonServiceException { StatusCode: not 0 } service:
                return FromAnswer(service, doing);
        }
        if (TransportFailures.IsNetworkFailure(error, cancellationToken))
            return new ProviderException(Ec2MachineProvider.ProviderName, ProviderErrorReason.Unavailable, $"{doing}: EC2 could not be reached: {TransportFailures.Describe(error)}", null, error);
        if (error is AmazonClientException && error.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase))
            return new ProviderException(Ec2MachineProvider.ProviderName, ProviderErrorReason.Auth,
                $"{doing}: no AWS credentials: set {Ec2ProviderOptions.SectionName}:AccessKey and SecretKey, or give the AWS SDK's default chain some (environment, profile, instance role). {error.Message}",
                null, error);
        // The SDK failed on its side, e.g. on an answer it could not read: EC2 may answer better later.
        return error is AmazonClientException or AmazonServiceException
            ? new ProviderException(Ec2MachineProvider.ProviderName, ProviderErrorReason.Unavailable, $"{doing}: {TransportFailures.Describe(error)}", null, error)
            : null;
    }

    private static ProviderException FromAnswer(AmazonServiceException error, string doing)
    {
        var code = string.IsNullOrEmpty(error.ErrorCode) ? null : error.ErrorCode;
        var status = (int)error.StatusCode;
        var reason = ReasonOf(code) ?? status switch
        {
            401 or 403 => ProviderErrorReason.Auth,
            429 => ProviderErrorReason.Throttled,
            >= 500 => ProviderErrorReason.Unavailable,
            _ => ProviderErrorReason.BadRequest,
        };
        return new ProviderException(Ec2MachineProvider.ProviderName, reason, $"{doing}: HTTP {status} {code}: {error.Message}", code, error);
    }
}
