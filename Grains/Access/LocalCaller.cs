namespace RenderFarm.Access;

/// <summary>The one user of a farm without access control: whoever runs the silo, with operator rights.</summary>
public static class LocalCaller
{
    public static CallerIdentity Identity { get; } = new(UserName(), CallerRole.Operator, []);

    /// <summary>The account the silo runs as, kept to the characters a submitter may have.</summary>
    private static string UserName()
    {
        var user = new string(Environment.UserName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@').Take(64).ToArray());
        return user.Length > 0 ? user : "local";
    }
}
