namespace RenderFarm.Access;

/// <summary>Tells a client who the farm takes it for: a front end signing a user in checks their API key with it.</summary>
[Alias("RenderFarm.Access.ICallerGrain")]
public interface ICallerGrain : IGrainWithIntegerKey
{
    [Alias("WhoAmI")]
    Task<CallerIdentity> WhoAmIAsync();
}
