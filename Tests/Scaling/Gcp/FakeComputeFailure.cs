namespace RenderFarm.Tests.Scaling.Gcp;

/// <summary>How an injected failure of an insert is answered.</summary>
public enum FakeComputeFailureKind
{
    /// <summary>The insert is accepted and its operation ends DONE with <c>error.errors[].code</c> and <c>httpErrorStatusCode</c>.</summary>
    Operation,
    /// <summary>The insert itself is answered with the HTTP status and <c>error.errors[].reason</c>.</summary>
    Http,
}

/// <summary>The next <see cref="Remaining"/> inserts of a machine type fail with this code and status.</summary>
internal sealed class FakeComputeFailure(string machineType, int count, FakeComputeFailureKind kind, string code, int status)
{
    public string MachineType { get; } = machineType;
    public FakeComputeFailureKind Kind { get; } = kind;
    public string Code { get; } = code;
    public int Status { get; } = status;
    public int Remaining { get; set; } = count;
}
