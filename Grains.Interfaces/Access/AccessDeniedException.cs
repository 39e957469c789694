namespace RenderFarm.Access;

/// <summary>
/// The farm refused a call: <see cref="User"/> may not do <see cref="Action"/> to <see cref="Target"/>.
/// An unknown or missing API key is refused with user <see cref="UnknownUser"/>; no key is ever named.
/// </summary>
[GenerateSerializer, Alias("RenderFarm.Access.AccessDeniedException")]
public sealed class AccessDeniedException : Exception
{
    public const string UnknownUser = "(no valid API key)";

    public AccessDeniedException()
    {
    }

    public AccessDeniedException(string user, string action, string target, string reason)
        : base($"Access denied: {user} may not {action} {target}: {reason}.")
    {
        User = user;
        Action = action;
        Target = target;
        Reason = reason;
    }

    [Id(0)] public string User { get; init; } = "";
    [Id(1)] public string Action { get; init; } = "";
    [Id(2)] public string Target { get; init; } = "";
    [Id(3)] public string Reason { get; init; } = "";
}
