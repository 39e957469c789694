using System.Net.Sockets;
using Azure;
using Azure.Storage.Blobs.Models;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage.Azure;

/// <summary>
/// Turns what the Azure SDK throws into what the farm acts on: <see cref="ObjectStoreUnavailableException"/>
/// for a store that cannot be reached, times out or is busy (worth retrying), and
/// <see cref="InvalidOperationException"/> naming the setting for a store that is misconfigured.
/// </summary>
internal sealed class AzureBlobErrors(string endpoint, string container, string credentialSetting)
{
    private const string Section = AzureBlobStoreOptions.SectionName;

    /// <summary>Runs one request of the SDK, throwing what <see cref="Map"/> makes of its failure.</summary>
    public async Task<T> GuardAsync<T>(Func<Task<T>> request, CancellationToken cancellationToken)
    {
        try
        {
            return await request();
        }
        catch (Exception e) when (Map(e, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>The exception to throw instead of <paramref name="error"/>, or null to let it through.</summary>
    public Exception? Map(Exception error, CancellationToken cancellationToken)
    {
        if (error is ObjectStoreUnavailableException or InvalidOperationException or StoredObjectNotFoundException)
            return null;
        if (error is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            return Unavailable("did not answer in time", error);
        if (error is AggregateException aggregate)
        {
            // The SDK gathers every try's failure once its retries are spent; the last one tells most.
            var last = aggregate.InnerExceptions.LastOrDefault();
            return last is null ? null : Map(last, cancellationToken);
        }
        if (error is RequestFailedException failed)
            return MapResponse(failed);
        if (error is HttpRequestException or SocketException || (error is IOException && error is not EndOfStreamException))
            return Unavailable("could not be reached", error);
        return null;
    }

    public ObjectStoreUnavailableException Unavailable(string what, Exception? inner) =>
        new($"The Azure Blob store at {endpoint} (container '{container}') {what}: {Describe(inner)}", inner);

    private Exception? MapResponse(RequestFailedException failed)
    {
        if (failed.Status == 0)
            return Unavailable("could not be reached", failed);
        if (failed.Status is 408 or 429 or >= 500)
            return Unavailable($"answered {failed.Status} {failed.ErrorCode} (busy or failing)", failed);
        if (failed.Status is 401 or 403)
            return new InvalidOperationException(
                $"The Azure Blob store at {endpoint} refused access to container '{container}' ({failed.Status} {failed.ErrorCode}): check {credentialSetting} and that the account may read and write the container.",
                failed);
        if (failed.ErrorCode == BlobErrorCode.ContainerNotFound)
            return new InvalidOperationException(
                $"The Azure Blob store at {endpoint} has no container '{container}': create it, or set {Section}:{nameof(AzureBlobStoreOptions.Container)} to one that exists.",
                failed);
        return null;
    }

    private static string Describe(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SocketException or HttpRequestException or TimeoutException)
                return e.Message;
        }
        return error?.Message.Split('\n', 2)[0].Trim() ?? "";
    }
}
