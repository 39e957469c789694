using System.CommandLine;
using RenderFarm.Access;
using RenderFarm.Jobs;

namespace RenderFarm.Cli;

/// <summary>
/// <c>key new --user NAME [--role operator] [--projects a,b]</c>: makes a new API key and prints it with
/// the keys file's line for it. Only the line goes to the farm; the key goes to its user alone.
/// </summary>
internal static class KeyCommand
{
    public static Command Create()
    {
        var user = new Option<string>("--user") { Description = "The user the key is for (letters, digits, '.', '_', '-', '@').", Required = true };
        var role = new Option<CallerRole>("--role") { Description = "user (their own jobs) or operator (every job, pools, scaling, purges).", DefaultValueFactory = _ => CallerRole.User };
        var projects = new Option<string?>("--projects") { Description = "Projects the user may bill jobs to and read the bills of, apart by commas." };
        var create = new Command("new", "Print a new API key and the line of the farm's keys file (Access:KeysFile) for it.") { user, role, projects };
        create.SetAction(result =>
        {
            var name = result.GetValue(user)!;
            var names = result.GetValue(projects)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            if (!JobOptionsRules.IsIdentity(name))
                return CommandErrors.Usage($"--user must be 1 to {JobOptionsRules.MaxIdentityLength} letters, digits, '.', '_', '-' or '@' (was '{name}')");
            if (names.FirstOrDefault(p => !JobOptionsRules.IsIdentity(p)) is { } bad)
                return CommandErrors.Usage($"--projects must be names of 1 to {JobOptionsRules.MaxIdentityLength} letters, digits, '.', '_', '-' or '@' (was '{bad}')");
            var key = ApiKeys.New();
            Console.WriteLine($"key:  {key}");
            Console.WriteLine($"line: {ApiKeys.KeysFileLine(name, result.GetValue(role), key, names)}");
            Console.Error.WriteLine("Give the key to its user (RenderFarm__ApiKey, or a file named by RenderFarm__ApiKeyFile); add the line to the keys file of every silo and restart them.");
            return ExitCodes.Success;
        });
        return new Command("key", "API keys of a farm's users.") { create };
    }
}
