namespace RenderFarm.Nodes;

/// <summary>Whether a node's ffmpeg and ffprobe run sandboxed (bubblewrap with limits).</summary>
[GenerateSerializer, Alias("RenderFarm.SandboxState")]
public enum SandboxState
{
    /// <summary>Not sandboxed: not a farm silo (embedded or development), or a node from before the sandbox.</summary>
    Off = 0,

    /// <summary>Every run sandboxed.</summary>
    On = 1,

    /// <summary>A farm silo whose operator turned the sandbox off (Sandbox:Enabled=false).</summary>
    TurnedOffByOperator = 2,
}
