using System.Net;
using System.Net.Sockets;
using Google;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage.Gcs;

/// <summary>What a failed call to the bucket means to the farm: worth retrying, a setting to fix, or neither.</summary>
internal sealed class GcsErrors(string endpoint, string bucket)
{
    private const string Section = GcsStoreOptions.SectionName;

    public static bool IsNotFound(GoogleApiException e) => e.HttpStatusCode == HttpStatusCode.NotFound && !IsMissingBucket(e);

    /// <summary>The exception to throw instead of <paramref name="e"/>, or null to let it go as it is.</summary>
    public Exception? Translate(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        GoogleApiException api => Translate(api),
        HttpRequestException or HttpIOException => Unreachable(e.Message, e),
        IOException { InnerException: SocketException } => Unreachable(e.Message, e),
        OperationCanceledException => Unreachable("no answer in time", e),
        _ => null,
    };

    private Exception? Translate(GoogleApiException e)
    {
        var status = (int)e.HttpStatusCode;
        var said = e.Error?.Message ?? e.Message;
        if (status is 408 or 429 or >= 500)
            return new ObjectStoreUnavailableException(
                $"Google Cloud Storage at {endpoint} answered {status} for bucket '{bucket}' ({said}); try again later.", e);
        if (status is 401 or 403)
            return new InvalidOperationException(
                $"Google Cloud Storage at {endpoint} refused access to bucket '{bucket}' ({status}: {said}). " +
                $"The service account of {Section}:{nameof(GcsStoreOptions.CredentialsFile)} (application default credentials when it is unset) " +
                "needs the storage.objects permissions on the bucket, such as the Storage Object User role.", e);
        if (IsMissingBucket(e))
            return new InvalidOperationException(
                $"Google Cloud Storage at {endpoint} has no bucket '{bucket}': check {Section}:{nameof(GcsStoreOptions.Bucket)}.", e);
        return null;
    }

    private ObjectStoreUnavailableException Unreachable(string why, Exception e) =>
        new($"Google Cloud Storage at {endpoint} (bucket '{bucket}') cannot be reached: {why}.", e);

    // An object's 404 and a bucket's 404 differ only in the message, which GCS keeps stable for the bucket.
    private static bool IsMissingBucket(GoogleApiException e) =>
        e.HttpStatusCode == HttpStatusCode.NotFound
        && (e.Error?.Message ?? e.Message).Contains("bucket does not exist", StringComparison.OrdinalIgnoreCase);
}
