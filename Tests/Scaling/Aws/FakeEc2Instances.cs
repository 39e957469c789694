using System.Security.Cryptography;

namespace RenderFarm.Tests.Scaling.Aws;

/// <summary>The fake's instances, their states on its clock, and the idempotency tokens they were launched with.</summary>
public sealed class FakeEc2Instances(TimeProvider time)
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string ShuttingDown = "shutting-down";
    public const string Terminated = "terminated";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";

    private static readonly Dictionary<string, int> Codes = new(StringComparer.Ordinal)
    {
        [Pending] = 0, [Running] = 16, [ShuttingDown] = 32, [Terminated] = 48, [Stopping] = 64, [Stopped] = 80,
    };

    private readonly Lock gate = new();
    private readonly List<FakeEc2Instance> instances = [];
    private readonly Dictionary<string, FakeEc2Instance> byToken = new(StringComparer.Ordinal);

    /// <summary>How long a launched instance is pending before it runs.</summary>
    public TimeSpan PendingFor { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a terminated instance is shutting-down before it is terminated.</summary>
    public TimeSpan ShuttingDownFor { get; set; } = TimeSpan.FromSeconds(1);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Every instance launched, in launch order.</summary>
    public IReadOnlyList<FakeEc2Instance> All
    {
        get
        {
            lock (gate)
                return instances.ToList();
        }
    }

    public FakeEc2Instance? Find(string id)
    {
        lock (gate)
            return instances.FirstOrDefault(i => i.Id == id);
    }

    public static int CodeOf(string state) => Codes[state];

    public string StateOf(FakeEc2Instance instance)
    {
        var now = Now;
        lock (gate)
        {
            if (instance.TerminatedAt is { } terminated)
                return now - terminated < ShuttingDownFor ? ShuttingDown : Terminated;
            return instance.ForcedState ?? (now - instance.LaunchedAt < PendingFor ? Pending : Running);
        }
    }

    /// <summary>Puts the instance in a state until it is terminated (<see cref="FakeEc2Server.SetStateAsync"/>, which also stops its machine).</summary>
    internal void SetState(string id, string state)
    {
        if (!Codes.ContainsKey(state))
            throw new ArgumentException($"EC2 has no instance state '{state}'", nameof(state));
        var instance = Find(id) ?? throw new ArgumentException($"no instance {id}", nameof(id));
        lock (gate)
        {
            if (state is ShuttingDown or Terminated)
                instance.TerminatedAt ??= state == Terminated ? Now - ShuttingDownFor : Now;
            else
                instance.ForcedState = state;
        }
    }

    /// <summary>The instance launched with this idempotency token before, or a new one made by <paramref name="launch"/>.</summary>
    internal (FakeEc2Instance Instance, bool Launched) Launch(string? clientToken, Func<string, FakeEc2Instance> launch)
    {
        lock (gate)
        {
            if (clientToken is not null && byToken.TryGetValue(clientToken, out var earlier))
                return (earlier, false);
            var instance = launch(NewId());
            instances.Add(instance);
            if (clientToken is not null)
                byToken[clientToken] = instance;
            return (instance, true);
        }
    }

    /// <summary>Starts shutting the instance down; false when it was terminated already.</summary>
    internal bool Terminate(FakeEc2Instance instance)
    {
        lock (gate)
        {
            if (instance.TerminatedAt is not null)
                return false;
            instance.TerminatedAt = Now;
            return true;
        }
    }

    private static string NewId() => "i-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9))[..17];
}
