namespace RenderFarm.Nodes;

/// <summary>A chunk's render was stopped for its machine's reclaim before it had finished a frame to keep.</summary>
public sealed class StoppedForReclaimException(string message) : OperationCanceledException(message);
