using Polly;
using Polly.Retry;

namespace RenderFarm.Storage.Objects;

/// <summary>
/// How a call to a store that cannot be reached is tried again: exponential backoff with jitter, up to
/// 10 s between tries, until the outage has lasted longer than the tolerance.
/// </summary>
public sealed class StoreOutageRetry
{
    private static readonly ResiliencePropertyKey<long> StartedKey = new("renderfarm.store.started");
    private readonly ResiliencePipeline pipeline;
    private readonly TimeProvider clock;

    public StoreOutageRetry(TimeSpan tolerance, TimeProvider clock, Action<Exception, TimeSpan>? onRetry = null)
    {
        this.clock = clock;
        Tolerance = tolerance;
        pipeline = new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is ObjectStoreUnavailableException
                    && args.Context.Properties.TryGetValue(StartedKey, out var started)
                    && clock.GetElapsedTime(started) < tolerance),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(10),
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Outcome.Exception!, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public TimeSpan Tolerance { get; }

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StartedKey, clock.GetTimestamp());
        try
        {
            return await pipeline.ExecuteAsync(
                static async (context, call) => await call(context.CancellationToken), context, call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
