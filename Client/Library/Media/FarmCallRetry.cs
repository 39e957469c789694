using Polly;
using Polly.Retry;
using RenderFarm.Media;

namespace RenderFarm.Client.Media;

/// <summary>
/// Transfers go on through a farm that drops a connection or a silo: each call is tried again with
/// backoff, unless the farm refused it on its merits (a wrong argument, a refused upload).
/// </summary>
internal static class FarmCallRetry
{
    public static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e =>
                e is not (ArgumentException or UploadRefusedException or OperationCanceledException or InvalidOperationException or KeyNotFoundException)),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(10),
            MaxRetryAttempts = 8,
        })
        .Build();

    public static Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(async token => await call().WaitAsync(token), cancellationToken).AsTask();

    public static Task RunAsync(Func<Task> call, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(async token => await call().WaitAsync(token), cancellationToken).AsTask();
}
