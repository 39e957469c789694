using Microsoft.Extensions.Logging;
using RenderFarm.Chunks;
using RenderFarm.Jobs;

namespace RenderFarm.Hosting;

/// <summary>
/// Puts the job (and, for a piece's grain, the piece) into the logging scope of every call to a job
/// or piece grain, so that each line the call causes, in any class, can be followed by its job:
/// <c>JobId</c> and <c>Work</c> (<c>job/3</c>, <c>job/sound</c>) as structured properties, and as
/// <c>=> Job 3f2b… 3f2b…/3</c> on a console line.
/// </summary>
internal sealed class WorkLogScopes(ILoggerFactory loggers) : IIncomingGrainCallFilter
{
    private readonly ILogger scopes = loggers.CreateLogger("RenderFarm.Work");

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        using var scope = context.TargetContext.GrainInstance switch
        {
            RenderJobGrain => scopes.BeginScope("Job {JobId}", context.TargetId.GetGuidKey().ToString("N")),
            RenderChunkGrain => PieceScope(context.TargetId.Key.ToString()!),
            _ => null,
        };
        await context.Invoke();
    }

    /// <summary>A piece's grain key is its job id (32 hex digits) and the piece: <c>job/3</c>, <c>job/3/lane1</c>, <c>job/sound</c>.</summary>
    private IDisposable? PieceScope(string key) =>
        Guid.TryParseExact(key.Split('/')[0], "N", out var jobId)
            ? scopes.BeginScope("Job {JobId} {Work}", jobId.ToString("N"), key)
            : null;
}
