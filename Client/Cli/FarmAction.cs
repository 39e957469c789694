using System.CommandLine;
using RenderFarm.Client;

namespace RenderFarm.Cli;

internal static class FarmAction
{
    /// <summary>
    /// Makes <paramref name="command"/> connect to the farm named by the global options, run
    /// <paramref name="action"/> against it and disconnect; any error comes out as one red line.
    /// </summary>
    public static void SetFarmAction(this Command command, FarmOptions farm, Func<IRenderFarm, ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (result, cancellationToken) =>
        {
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
