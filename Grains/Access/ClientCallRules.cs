using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Media;
using RenderFarm.Nodes;
using RenderFarm.Notifications;
using RenderFarm.Scaling;
using RenderFarm.Scheduling;
using static RenderFarm.Access.AccessRules;

namespace RenderFarm.Access;

/// <summary>
/// Every grain method a client may call, what it does in words and the rule it is held to. A method
/// not listed here (a chunk's, the scheduler's bookkeeping, a ledger's postings) is refused to clients
/// when access control is on: only grains call it.
/// </summary>
internal static class ClientCallRules
{
    private static readonly Dictionary<(Type Interface, string Method), (string Action, AccessRule Rule)> Table = new()
    {
        // Jobs: their submitter's and the operators'.
        [(typeof(IRenderJobGrain), nameof(IRenderJobGrain.SubmitAsync))] = ("submit", All(
            JobOwner(call => call.GuidKey),
            AsCaller(call => call.Argument<JobSubmission>(0).Options,
                (call, options) => call.ReplaceArgument(0, call.Argument<JobSubmission>(0) with { Options = options })))),
        [(typeof(IRenderJobGrain), nameof(IRenderJobGrain.GetStatusAsync))] = ("read the status of", JobOwner(call => call.GuidKey)),
        [(typeof(IRenderJobGrain), nameof(IRenderJobGrain.GetSubmitterAsync))] = ("read the submitter of", JobOwner(call => call.GuidKey)),
        [(typeof(IRenderJobGrain), nameof(IRenderJobGrain.GetSubmissionAsync))] = ("read the timeline of", JobOwner(call => call.GuidKey)),
        [(typeof(IRenderJobGrain), nameof(IRenderJobGrain.CancelAsync))] = ("cancel", JobOwner(call => call.GuidKey)),
        [(typeof(IRenderJobGrain), nameof(IRenderJobGrain.PauseAsync))] = ("pause", JobOwner(call => call.GuidKey)),
        [(typeof(IRenderJobGrain), nameof(IRenderJobGrain.ResumeAsync))] = ("resume", JobOwner(call => call.GuidKey)),
        [(typeof(IRenderJobGrain), nameof(IRenderJobGrain.SetMaxCostAsync))] = ("change the budget of", JobOwner(call => call.GuidKey)),
        [(typeof(IRenderJobGrain), nameof(IRenderJobGrain.SetPriorityAsync))] = ("change the priority of", JobOwner(call => call.GuidKey)),
        [(typeof(IMediaCatalogGrain), nameof(IMediaCatalogGrain.ReadOutputAsync))] = ("download the output of", JobOwner(call => call.Argument<Guid>(0))),
        [(typeof(IJobLedgerGrain), nameof(IJobLedgerGrain.GetBillAsync))] = ("read the bill of", JobOwner(call => call.GuidKey)),
        [(typeof(IAccountLedgerGrain), nameof(IAccountLedgerGrain.GetBillAsync))] = ("read the bill of", AccountOwner),
        [(typeof(IJobIndexGrain), nameof(IJobIndexGrain.ListAsync))] = ("list", OwnJobs),

        // Anyone's: who they are, estimates (as the caller), uploads by content, and the pool's machines and counts.
        [(typeof(ICallerGrain), nameof(ICallerGrain.WhoAmIAsync))] = ("ask who they are of", Anyone),
        [(typeof(ICostEstimatorGrain), nameof(ICostEstimatorGrain.EstimateAsync))] = ("estimate", AsCaller(
            call => call.Argument<JobOptions>(1), (call, options) => call.ReplaceArgument(1, options))),
        [(typeof(IMediaCatalogGrain), nameof(IMediaCatalogGrain.MissingAsync))] = ("look up assets in", Anyone),
        [(typeof(IAssetUploadGrain), nameof(IAssetUploadGrain.BeginAsync))] = ("upload", Anyone),
        [(typeof(IAssetUploadGrain), nameof(IAssetUploadGrain.WritePartAsync))] = ("upload", Anyone),
        [(typeof(IAssetUploadGrain), nameof(IAssetUploadGrain.CompleteAsync))] = ("upload", Anyone),
        [(typeof(IJobIndexGrain), nameof(IJobIndexGrain.CountByStateAsync))] = ("count the jobs of", Anyone),
        [(typeof(INodeRegistryGrain), nameof(INodeRegistryGrain.GetNodesAsync))] = ("list the nodes of", Anyone),
        [(typeof(ISchedulerGrain), nameof(ISchedulerGrain.GetSnapshotAsync))] = ("read the queue of", Anyone),
        [(typeof(IAutoscalerGrain), nameof(IAutoscalerGrain.GetStatusAsync))] = ("read the autoscaler of", Anyone),

        // The farm's: operators only.
        [(typeof(ISchedulerGrain), nameof(ISchedulerGrain.PausePoolAsync))] = ("pause", Operators(Pool)),
        [(typeof(ISchedulerGrain), nameof(ISchedulerGrain.ResumePoolAsync))] = ("resume", Operators(Pool)),
        [(typeof(IAutoscalerGrain), nameof(IAutoscalerGrain.ScaleAsync))] = ("scale", Operators(Pool)),
        [(typeof(IAutoscalerGrain), nameof(IAutoscalerGrain.ClearTargetAsync))] = ("hand back to its policies", Operators(Pool)),
        [(typeof(IRetentionGrain), nameof(IRetentionGrain.PurgeAsync))] = ("purge", Operators(_ => "the media store")),

        // Notifications: a job's delivery log is its owner's; a user's settings are their own (an operator's, anyone's).
        [(typeof(IJobNotificationsGrain), nameof(IJobNotificationsGrain.GetDeliveriesAsync))] = ("read the notifications of", JobOwner(call => call.GuidKey)),
        [(typeof(INotificationSettingsGrain), nameof(INotificationSettingsGrain.GetAsync))] = ("read the notification settings of", OwnUserRule.At(0)),
        [(typeof(INotificationSettingsGrain), nameof(INotificationSettingsGrain.SetAsync))] = ("change the notification settings of", OwnUserRule.At(0)),

        // A job's render as it goes: its owner's and the operators'.
        [(typeof(IJobThumbnailGrain), nameof(IJobThumbnailGrain.GetAsync))] = ("read the thumbnail of", JobOwner(call => call.GuidKey)),
        [(typeof(IRenderJobGrain), nameof(IRenderJobGrain.GetAttemptLogAsync))] = ("read the attempt logs of", JobOwner(call => call.GuidKey)),
    };

    /// <summary>The action and rule of a client's call to <paramref name="method"/> of <paramref name="grainInterface"/>; null when clients may not make it.</summary>
    public static (string Action, AccessRule Rule)? For(Type grainInterface, string method) =>
        Table.TryGetValue((grainInterface, method), out var entry) ? entry : null;

    private static string Pool(ClientCall call) => $"pool {call.StringKey}";

    private static AccessRule All(params AccessRule[] rules) => async call =>
    {
        foreach (var rule in rules)
            await rule(call);
    };
}
