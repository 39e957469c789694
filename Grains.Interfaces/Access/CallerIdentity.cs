namespace RenderFarm.Access;

/// <summary>
/// Who a client call into the farm comes from, as the silo verified it from the client's API key.
/// <see cref="Projects"/> are the projects the user may bill jobs to and read the bills of; empty for a
/// user who bills only to the farm's default project.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Access.CallerIdentity")]
public sealed record CallerIdentity(
    [property: Id(0)] string User,
    [property: Id(1)] CallerRole Role,
    [property: Id(2)] IReadOnlyList<string> Projects)
{
    public bool IsOperator => Role == CallerRole.Operator;

    /// <summary>Whether this caller may see and act on a job of <paramref name="submitter"/>: their own, or any for an operator.</summary>
    public bool MayActOnJobOf(string submitter) => IsOperator || submitter == User;

    public override string ToString() => $"{User} ({Role.ToString().ToLowerInvariant()})";
}
