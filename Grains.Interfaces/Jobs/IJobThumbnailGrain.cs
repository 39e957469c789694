namespace RenderFarm.Jobs;

/// <summary>The latest still of a job's render, kept apart from the job's record so the record does not grow with it.</summary>
[Alias("RenderFarm.IJobThumbnailGrain")]
public interface IJobThumbnailGrain : IGrainWithGuidKey
{
    /// <summary>Told by the job (one-way: an attempt's report never waits on it); an older still than the one kept is dropped.</summary>
    [Alias("Set"), OneWay] Task SetAsync(JobThumbnail thumbnail);

    /// <summary>Forgets the still, stored one included (the job's output was removed).</summary>
    [Alias("Clear")] Task ClearAsync();

    /// <summary>The latest still; null before the first. Interleaved: a read never waits behind a store.</summary>
    [Alias("Get"), ReadOnly, AlwaysInterleave] Task<JobThumbnail?> GetAsync();
}
