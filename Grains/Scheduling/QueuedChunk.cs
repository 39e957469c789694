using RenderFarm.Chunks;
using RenderFarm.Rendering;

namespace RenderFarm.Scheduling;

/// <summary>A chunk in the scheduler's queue with what it is ordered by.</summary>
public sealed record QueuedChunk(JobTicket Job, ChunkKey Chunk, FrameRange Range);
