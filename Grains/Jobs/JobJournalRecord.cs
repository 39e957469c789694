namespace RenderFarm.Jobs;

/// <summary>
/// What a job stored since it last wrote its whole <see cref="JobRecord"/>: the pieces that had to be
/// stored at once (finished, or given a new attempt number) and the job's node failures. Small, so
/// that a finished chunk costs one short write instead of the whole record with every piece's history.
/// </summary>
[GenerateSerializer, Alias("RenderFarm.Jobs.JobJournalRecord")]
public sealed class JobJournalRecord
{
    /// <summary>The revision of the whole record this follows; a record written whole since makes it stale.</summary>
    [Id(0)] public long Base { get; set; }
    [Id(1)] public long Revision { get; set; }
    [Id(2)] public List<ChunkRecord> Pieces { get; set; } = [];
    [Id(3)] public Dictionary<string, int> NodeFailures { get; set; } = new(StringComparer.Ordinal);
    [Id(4)] public List<string> Blocklist { get; set; } = [];
}
