namespace RenderFarm.Access;

/// <summary>What a caller of the farm may do beyond their own jobs.</summary>
[GenerateSerializer, Alias("RenderFarm.Access.CallerRole")]
public enum CallerRole
{
    /// <summary>Submits jobs, and sees, changes, downloads and is billed for their own jobs only.</summary>
    User = 0,

    /// <summary>Sees every job and bill, pauses and resumes a pool, scales it, purges media.</summary>
    Operator = 1,
}
