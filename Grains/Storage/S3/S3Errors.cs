using System.Net;
using Amazon.Runtime;
using RenderFarm.Remote;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage.S3;

/// <summary>
/// Turns what the SDK throws into what callers of a store act on: <see cref="ObjectStoreUnavailableException"/>
/// when trying again later may succeed, an <see cref="InvalidOperationException"/> naming the setting to fix
/// when it cannot, and nothing (the error stays as it is) for anything else.
/// </summary>
internal sealed class S3Errors(S3StoreOptions options)
{
    private const string Section = S3StoreOptions.SectionName;

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled",
        "RequestLimitExceeded", "TooManyRequests", "TooManyRequestsException", "RequestTimeout",
        "ServiceUnavailable", "InternalError", "ConditionalRequestConflict",
    };

    private static readonly HashSet<string> AccessCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken",
        "TokenRefreshRequired", "AllAccessDisabled", "AccountProblem",
    };

    private string Where => $"{options.Endpoint}, bucket '{options.Bucket}'";

    /// <summary>The exception to throw instead of <paramref name="error"/>, or null to let it through.</summary>
    public Exception? Translate(Exception error, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case ObjectStoreUnavailableException or StoredObjectNotFoundException or ArgumentException or EndOfStreamException:
                return null;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case AmazonServiceException { StatusCode: not 0 } service:
                return TranslateAnswer(service);
        }
        if (TransportFailures.IsNetworkFailure(error, cancellationToken))
            return Unavailable(TransportFailures.Describe(error), error);
        if (error is AmazonClientException && error.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase))
            return new InvalidOperationException(
                $"No credentials for the S3 media store ({Where}): set {Section}:AccessKey and {Section}:SecretKey, or give the AWS SDK's default chain some (environment, profile, instance role). {error.Message}",
                error);
        return null;
    }

    public ObjectStoreUnavailableException Unavailable(string reason, Exception? inner) =>
        new($"The S3 media store ({Where}) cannot be reached or is busy: {reason}. Trying again later may succeed.", inner);

    private Exception? TranslateAnswer(AmazonServiceException error)
    {
        var code = error.ErrorCode ?? "";
        var answer = $"HTTP {(int)error.StatusCode} {code}: {error.Message}";
        if (code == "NoSuchBucket")
            return new InvalidOperationException(
                $"The S3 bucket '{options.Bucket}' does not exist at {options.Endpoint}: create it, or set {Section}:Bucket to one that does ({answer}).",
                error);
        if (error.StatusCode == HttpStatusCode.Forbidden || AccessCodes.Contains(code))
            return new InvalidOperationException(
                $"The S3 media store at {options.Endpoint} refused access to bucket '{options.Bucket}' ({answer}): check {Section}:AccessKey and {Section}:SecretKey (or, when they are unset, the credentials the AWS SDK's default chain finds) and what they are allowed in the bucket.",
                error);
        if (code is "PermanentRedirect" or "AuthorizationHeaderMalformed" or "IllegalLocationConstraintException"
            || error.StatusCode == HttpStatusCode.MovedPermanently)
            return new InvalidOperationException(
                $"The S3 bucket '{options.Bucket}' is not in region '{options.Region}' at {options.Endpoint} ({answer}): set {Section}:Region (and {Section}:ServiceUrl, if set) to the bucket's.",
                error);
        if (error.StatusCode == HttpStatusCode.NotImplemented)
            return new InvalidOperationException(
                $"The S3 media store at {options.Endpoint} does not implement a request the farm makes ({answer}); it needs PUT, ranged GET, HEAD, DELETE, ListObjectsV2 and multipart uploads.",
                error);
        if ((int)error.StatusCode >= 500 || error.StatusCode == HttpStatusCode.TooManyRequests || ThrottlingCodes.Contains(code))
            return Unavailable(answer, error);
        return null;
    }
}
