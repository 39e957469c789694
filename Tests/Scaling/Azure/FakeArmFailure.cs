namespace RenderFarm.Tests.Scaling.Azure;

/// <summary>How an injected failure of a virtual machine create is answered.</summary>
public enum FakeArmFailureKind
{
    /// <summary>The PUT itself is answered with the HTTP status and <c>{"error": {"code", "message"}}</c>.</summary>
    Synchronous,
    /// <summary>The PUT is accepted (201); its Azure-AsyncOperation ends <c>Failed</c> with the error, and the machine stays in provisioning state Failed.</summary>
    Operation,
}

/// <summary>The next <see cref="Remaining"/> creates of a size fail with this code and status.</summary>
internal sealed class FakeArmFailure(string vmSize, int count, FakeArmFailureKind kind, string code, int status)
{
    public string VmSize { get; } = vmSize;
    public FakeArmFailureKind Kind { get; } = kind;
    public string Code { get; } = code;
    public int Status { get; } = status;
    public int Remaining { get; set; } = count;
}
