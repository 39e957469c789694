namespace RenderFarm.Tests.Scaling.Gcp;

/// <summary>A zone operation: PENDING, then RUNNING for a poll or two, then DONE (with an error when injected).</summary>
internal sealed class FakeComputeOperation(string name, string type, string target, int pollsUntilDone, FakeComputeFailure? failure, Action? onDone)
{
    private int polls;

    public string Name { get; } = name;

    /// <summary>Polled until DONE: what happens then (the instance runs, or goes) happens once.</summary>
    public object Poll(string selfLinkRoot)
    {
        polls++;
        var done = polls > pollsUntilDone;
        if (done && onDone is { } finish && polls == pollsUntilDone + 1)
            finish();
        return Resource(selfLinkRoot, done ? "DONE" : polls == 1 ? "PENDING" : "RUNNING", done);
    }

    /// <summary>As the insert or delete answers it, before any poll.</summary>
    public object Resource(string selfLinkRoot) => Resource(selfLinkRoot, "PENDING", done: false);

    private Dictionary<string, object?> Resource(string selfLinkRoot, string status, bool done)
    {
        var resource = new Dictionary<string, object?>
        {
            ["kind"] = "compute#operation",
            ["id"] = Name.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["name"] = Name,
            ["operationType"] = type,
            ["targetLink"] = selfLinkRoot + "instances/" + target,
            ["status"] = status,
            ["progress"] = done ? 100 : 0,
            ["selfLink"] = selfLinkRoot + "operations/" + Name,
        };
        if (done && failure is not null)
        {
            resource["error"] = new Dictionary<string, object?>
            {
                ["errors"] = new[] { new Dictionary<string, object?> { ["code"] = failure.Code, ["message"] = $"The fake fails this {type} with {failure.Code}." } },
            };
            resource["httpErrorStatusCode"] = failure.Status;
            resource["httpErrorMessage"] = failure.Status >= 500 ? "SERVICE UNAVAILABLE" : "FORBIDDEN";
        }
        return resource;
    }
}
