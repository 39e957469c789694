namespace RenderFarm.Tests.Scaling.Aws;

/// <summary>Errors a test injects: the next N requests of an action (and instance type) answer with an EC2 error code.</summary>
public sealed class FakeEc2Failures
{
    /// <summary>What EC2 answers when it fails inside.</summary>
    public const string FaultCode = "Unavailable";

    private readonly Lock gate = new();
    private readonly List<Failure> pending = [];

    /// <summary>The next <paramref name="times"/> RunInstances for <paramref name="instanceType"/> answer <paramref name="code"/> with HTTP 400.</summary>
    public void FailRunInstances(string instanceType, string code, int times = 1) => Add("RunInstances", instanceType, code, 400, times);

    /// <summary>The next <paramref name="times"/> requests of <paramref name="action"/> answer <paramref name="code"/> with <paramref name="status"/>.</summary>
    public void Fail(string action, string code, int status = 400, int times = 1) => Add(action, null, code, status, times);

    /// <summary>The next <paramref name="times"/> requests of <paramref name="action"/> answer 503, as EC2 failing inside does.</summary>
    public void Fault(string action, int times = 1) => Add(action, null, FaultCode, 503, times);

    /// <summary>
    /// The next <paramref name="times"/> RunInstances launch their instance and then answer 503, as when
    /// EC2's answer is lost on the way: a client that tries again must not launch a second machine.
    /// </summary>
    public void LoseRunInstancesAnswer(int times = 1) => Add(LostAnswer, null, FaultCode, 503, times);

    internal const string LostAnswer = "RunInstances (answer lost)";

    /// <summary>The injected error this request answers with, counting it off; null to answer as usual.</summary>
    internal (string Code, int Status)? Take(string action, string? instanceType)
    {
        lock (gate)
        {
            var failure = pending.FirstOrDefault(f => f.Action == action && (f.InstanceType is null || f.InstanceType == instanceType));
            if (failure is null)
                return null;
            if (--failure.Remaining == 0)
                pending.Remove(failure);
            return (failure.Code, failure.Status);
        }
    }

    private void Add(string action, string? instanceType, string code, int status, int times)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (gate)
            pending.Add(new Failure(action, instanceType, code, status) { Remaining = times });
    }

    private sealed record Failure(string Action, string? InstanceType, string Code, int Status)
    {
        public int Remaining { get; set; }
    }
}
