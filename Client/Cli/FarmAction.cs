using System.CommandLine;
using RenderFarm.Client;

namespace RenderFarm.Cli;

internal static class FarmAction
{
    /// <summary>
    /// Makes <paramref name="command"/> connect to the farm named by the global options, run
    /// <paramref name="action"/> against it and disconnect; any error comes out as one red line.
    /// A <paramref name="usageError"/> that finds fault with the options ends the command before it connects.
    /// </summary>
    public static void SetFarmAction(this Command command, FarmOptions farm, Func<IRenderFarm, ParseResult, CancellationToken, Task<int>> action,
        Func<ParseResult, string?>? usageError = null) =>
        command.SetAction(async (result, cancellationToken) =>
        {
            if (usageError?.Invoke(result) is { } usage)
                return CommandErrors.Usage(usage);
            try
            {
                await using var connection = await FarmConnection.OpenAsync(result.GetValue(farm.GatewayPort), result.GetValue(farm.Pool)!, result.GetValue(farm.Database), cancellationToken);
                return await action(connection.Farm, result, cancellationToken);
            }
            catch (Exception e)
            {
                return CommandErrors.Report(e);
            }
        });
}
