namespace RenderFarm.Scaling;

/// <summary>A launched machine's life as the autoscaler keeps it.</summary>
[GenerateSerializer, Alias("RenderFarm.Scaling.MachineState")]
public enum MachineState
{
    /// <summary>The provider accepted it; its silo has not joined yet.</summary>
    Launching = 0,
    /// <summary>Its silo joined: the node takes work.</summary>
    Ready = 1,
    /// <summary>Taking no new work; terminated once what runs on it has finished.</summary>
    Draining = 2,
    /// <summary>Asked to terminate; gone once its provider says so.</summary>
    Terminating = 3,
    /// <summary>Gone: it bills no more.</summary>
    Terminated = 4,
}
