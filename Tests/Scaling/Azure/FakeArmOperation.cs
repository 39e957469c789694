namespace RenderFarm.Tests.Scaling.Azure;

/// <summary>
/// A long-running operation behind an Azure-AsyncOperation address: <c>InProgress</c> for its polls, then
/// <c>Succeeded</c> (having done its work) or <c>Failed</c> with an error.
/// </summary>
internal sealed class FakeArmOperation(string id, int pollsUntilDone, FakeArmFailure? failure, Action onDone)
{
    private int polls;
    private bool done;

    public string Id { get; } = id;

    public DateTimeOffset StartTime { get; } = DateTimeOffset.UtcNow;

    /// <summary>The operation's status document after one more poll; the caller holds the server's lock.</summary>
    public Dictionary<string, object?> Poll()
    {
        var status = new Dictionary<string, object?> { ["name"] = Id, ["startTime"] = StartTime.ToString("O") };
        if (++polls <= pollsUntilDone && !done)
        {
            status["status"] = "InProgress";
            return status;
        }
        if (!done)
        {
            done = true;
            onDone();
        }
        status["endTime"] = DateTimeOffset.UtcNow.ToString("O");
        if (failure is null)
        {
            status["status"] = "Succeeded";
            return status;
        }
        status["status"] = "Failed";
        status["error"] = new Dictionary<string, object?> { ["code"] = failure.Code, ["message"] = $"The fake fails this create of {failure.VmSize} with {failure.Code}." };
        return status;
    }
}
