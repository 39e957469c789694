namespace RenderFarm.Scaling;

/// <summary>
/// A place machines come from: a cloud provider's API (AWS, Google Cloud, Azure) or a local farm. The
/// autoscaler launches one machine per node it wants, each booting a silo with its own settings, finds
/// the farm's machines again by their tags, and terminates them. Every failure the autoscaler can act
/// on is a <see cref="ProviderException"/> with its <see cref="ProviderErrorReason"/>.
/// </summary>
public interface IMachineProvider
{
    /// <summary>The provider's name as the price catalogue spells it: aws, gcp, azure or local.</summary>
    string Name { get; }

    /// <summary>Launches one machine that boots the silo of <see cref="MachineLaunch.NodeId"/>; returns once the provider has accepted it.</summary>
    /// <exception cref="ProviderException">The provider refused or could not be reached.</exception>
    Task<ProviderMachine> LaunchAsync(MachineLaunch launch, CancellationToken cancellationToken);

    /// <summary>Terminates the machine; one already gone is not an error.</summary>
    /// <exception cref="ProviderException">The provider refused or could not be reached.</exception>
    Task TerminateAsync(string machineId, CancellationToken cancellationToken);

    /// <summary>The machines tagged as the farm's (<see cref="MachineTags.Farm"/>), in any state but gone.</summary>
    /// <exception cref="ProviderException">The provider refused or could not be reached.</exception>
    Task<IReadOnlyList<ProviderMachine>> ListAsync(string farm, CancellationToken cancellationToken);

    /// <summary>The provider's current spot prices of these instance types in the region; none where it publishes none.</summary>
    /// <exception cref="ProviderException">The provider refused or could not be reached.</exception>
    Task<IReadOnlyList<SpotPriceQuote>> SpotPricesAsync(string region, IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken);
}
