namespace RenderFarm.Access;

/// <summary>
/// A call about a user's own things, the user named by its argument: a user's call always names the
/// caller (a claim of another user is refused), an operator's names whoever it names, or the operator.
/// </summary>
internal static class OwnUserRule
{
    public static AccessRule At(int index) => call =>
    {
        var named = call.Argument<string?>(index);
        if (!call.Caller.IsOperator && named is not null && named != call.Caller.User)
            throw call.Refusal($"user {named}", "a user acts on their own settings only");
        call.ReplaceArgument(index, named is not null && call.Caller.IsOperator ? named : call.Caller.User);
        return ValueTask.CompletedTask;
    };
}
