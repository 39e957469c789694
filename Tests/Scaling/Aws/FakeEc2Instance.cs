namespace RenderFarm.Tests.Scaling.Aws;

/// <summary>
/// One machine the fake launched, as RunInstances asked for it. Its state follows EC2's life of an
/// instance on the fake's clock: pending for <see cref="FakeEc2Instances.PendingFor"/>, then running;
/// once terminated, shutting-down for <see cref="FakeEc2Instances.ShuttingDownFor"/>, then terminated.
/// </summary>
public sealed class FakeEc2Instance
{
    internal FakeEc2Instance(string id, FakeEc2Request request, string userData, DateTimeOffset launchedAt)
    {
        Id = id;
        Request = request;
        UserData = userData;
        LaunchedAt = launchedAt;
    }

    public string Id { get; }

    /// <summary>The RunInstances request that launched it, every parameter as sent.</summary>
    public FakeEc2Request Request { get; }

    public string InstanceType => Request.Get("InstanceType") ?? "";

    public string ImageId => Request.Get("ImageId") ?? "";

    public string? SubnetId => Request.Get("SubnetId");

    public IReadOnlyList<string> SecurityGroupIds => Request.List("SecurityGroupId");

    public string? KeyName => Request.Get("KeyName");

    /// <summary>"spot" for a spot instance, null for on-demand.</summary>
    public string? MarketType => Request.Get("InstanceMarketOptions.MarketType");

    public string? ClientToken => Request.Get("ClientToken");

    /// <summary>The user data decoded from base64: the cloud-init document the machine boots.</summary>
    public string UserData { get; }

    public DateTimeOffset LaunchedAt { get; }

    /// <summary>The tags of the instance's tag specification.</summary>
    public IReadOnlyDictionary<string, string> Tags => Request.TagsFor("instance");

    /// <summary>The tags of the volumes' tag specification.</summary>
    public IReadOnlyDictionary<string, string> VolumeTags => Request.TagsFor("volume");

    internal DateTimeOffset? TerminatedAt { get; set; }

    /// <summary>A state a test set, which holds until the instance is terminated.</summary>
    internal string? ForcedState { get; set; }
}
