using Npgsql;
using NpgsqlTypes;

namespace RenderFarm.Jobs;

/// <summary>
/// Farm mode's job index: the <c>job_index</c> table of the farm database (deploy/sql/40-job-index.sql),
/// rows keyed by service id and job id, so that it outlives every silo and many farms share a database.
/// Each query is put together from fixed pieces for the filters given; every value is a parameter.
/// </summary>
public sealed class PostgresJobIndex(NpgsqlDataSource dataSource, string serviceId) : IJobIndex, IAsyncDisposable
{
    private const string Columns =
        "job_id, name, pool, submitter, state, priority, submitted_at, started_at, finished_at, total_frames, frames_done, chunks_total, chunks_done, error, project";

    private const string Upsert =
        $"""
        INSERT INTO job_index (service_id, {Columns})
        VALUES (@service, @job, @name, @pool, @submitter, @state, @priority, @submitted, @started, @finished, @total_frames, @frames_done, @chunks_total, @chunks_done, @error, @project)
        ON CONFLICT (service_id, job_id) DO UPDATE SET
            name = excluded.name, pool = excluded.pool, submitter = excluded.submitter, state = excluded.state,
            priority = excluded.priority, submitted_at = excluded.submitted_at, started_at = excluded.started_at,
            finished_at = excluded.finished_at, total_frames = excluded.total_frames, frames_done = excluded.frames_done,
            chunks_total = excluded.chunks_total, chunks_done = excluded.chunks_done, error = excluded.error,
            project = excluded.project, recorded_at = now()
        """;

    private static readonly string JobColumns = string.Join(", ", Columns.Split(", ").Select(column => "job." + column));

    private const string NewestFirst = "ORDER BY submitted_at DESC, job_id DESC LIMIT @limit";

    public string ServiceId { get; } = serviceId;

    public async Task RecordAsync(JobSummary summary, CancellationToken cancellationToken = default)
    {
        summary = JobIndexRules.Normalise(summary);
        await using var command = dataSource.CreateCommand(Upsert);
        var parameters = command.Parameters;
        parameters.AddWithValue("service", ServiceId);
        parameters.AddWithValue("job", summary.JobId);
        parameters.AddWithValue("name", summary.Name);
        parameters.AddWithValue("pool", summary.Pool);
        parameters.AddWithValue("submitter", summary.Submitter);
        parameters.AddWithValue("state", summary.State.ToString());
        parameters.AddWithValue("priority", summary.Priority.ToString());
        parameters.AddWithValue("submitted", summary.SubmittedAt);
        parameters.Add(Time("started", summary.StartedAt));
        parameters.Add(Time("finished", summary.FinishedAt));
        parameters.AddWithValue("total_frames", summary.TotalFrames);
        parameters.AddWithValue("frames_done", summary.FramesDone);
        parameters.AddWithValue("chunks_total", summary.ChunksTotal);
        parameters.AddWithValue("chunks_done", summary.ChunksDone);
        parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)summary.Error ?? DBNull.Value });
        parameters.AddWithValue("project", summary.Project);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<JobState, int>> CountByStateAsync(string pool, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT state, count(*) FROM job_index WHERE service_id = @service AND pool = @pool GROUP BY state");
        command.Parameters.AddWithValue("service", ServiceId);
        command.Parameters.AddWithValue("pool", pool);
        var counts = new Dictionary<JobState, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // A state this version does not know (written by a newer one) is not counted.
            if (Enum.TryParse<JobState>(reader.GetString(0), out var state))
                counts[state] = (int)reader.GetInt64(1);
        }
        return counts;
    }

    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        var after = JobIndexKey.FromPageToken(query.PageToken);
        var states = JobIndexRules.StateNames(query);
        await using var command = dataSource.CreateCommand();
        var parameters = command.Parameters;
        parameters.AddWithValue("service", ServiceId);
        parameters.AddWithValue("limit", query.Limit + 1);
        var where = "service_id = @service";
        // A text column equal to the value given, the column's name also naming its parameter.
        void Equal(string column, string? value)
        {
            if (value is null)
                return;
            where += $" AND {column} = @{column}";
            parameters.AddWithValue(column, value);
        }
        Equal("pool", query.Pool);
        Equal("submitter", query.Submitter);
        Equal("project", query.Project);
        if (query.Text is { Length: > 0 } text)
        {
            where += " AND (strpos(lower(name), lower(@text)) > 0 OR strpos(replace(job_id::text, '-', ''), @id_prefix) = 1)";
            parameters.AddWithValue("text", text);
            parameters.AddWithValue("id_prefix", query.IdPrefix!);
        }
        if (after is { } cursor)
        {
            where += " AND (submitted_at, job_id) < (@after_at, @after_id)";
            parameters.AddWithValue("after_at", cursor.SubmittedAt);
            parameters.AddWithValue("after_id", cursor.JobId);
        }
        if (states is null)
        {
            command.CommandText = $"SELECT {Columns} FROM job_index WHERE {where} {NewestFirst}";
        }
        else
        {
            // One ordered index range per state, merged: PostgreSQL cannot read "state = ANY(...)" in
            // listing order from one index, and a rare state would otherwise mean scanning every job.
            parameters.AddWithValue("states", states);
            command.CommandText =
                $"""
                SELECT {JobColumns} FROM unnest(@states::text[]) AS wanted(state)
                CROSS JOIN LATERAL (SELECT {Columns} FROM job_index WHERE {where} AND state = wanted.state {NewestFirst}) AS job
                {NewestFirst}
                """;
        }
        var rows = new List<JobSummary>(query.Limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(Read(reader));
        return JobIndexRules.Page(rows, query.Limit);
    }

    /// <summary>
    /// Bulk-loads summaries of jobs the index does not hold yet, with COPY (rebuilding an index,
    /// filling one for a benchmark); fails on a job already there.
    /// </summary>
    public async Task ImportAsync(IEnumerable<JobSummary> summaries, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var import = await connection.BeginBinaryImportAsync(
            $"COPY job_index (service_id, {Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var raw in summaries)
        {
            var summary = JobIndexRules.Normalise(raw);
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(ServiceId, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(summary.JobId, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(summary.Name, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(summary.Pool, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(summary.Submitter, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(summary.State.ToString(), NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(summary.Priority.ToString(), NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(summary.SubmittedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteNullableAsync(import, summary.StartedAt, cancellationToken);
            await WriteNullableAsync(import, summary.FinishedAt, cancellationToken);
            await import.WriteAsync(summary.TotalFrames, NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(summary.FramesDone, NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(summary.ChunksTotal, NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(summary.ChunksDone, NpgsqlDbType.Integer, cancellationToken);
            if (summary.Error is null)
                await import.WriteNullAsync(cancellationToken);
            else
                await import.WriteAsync(summary.Error, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(summary.Project, NpgsqlDbType.Text, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }

    /// <summary>Deletes every job of this service from the index (a farm's state reset, tests, benchmarks).</summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM job_index WHERE service_id = @service");
        command.Parameters.AddWithValue("service", ServiceId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static JobSummary Read(NpgsqlDataReader reader) => new(
        JobId: reader.GetGuid(0),
        Name: reader.GetString(1),
        Pool: reader.GetString(2),
        Submitter: reader.GetString(3),
        State: Enum.TryParse<JobState>(reader.GetString(4), out var state) ? state
            : throw new InvalidOperationException($"job {reader.GetGuid(0)} is {reader.GetString(4)} in the job index, a state this silo does not know"),
        Priority: Enum.TryParse<JobPriority>(reader.GetString(5), out var priority) ? priority
            : throw new InvalidOperationException($"job {reader.GetGuid(0)} has priority {reader.GetString(5)} in the job index, a priority this silo does not know"),
        SubmittedAt: reader.GetFieldValue<DateTimeOffset>(6),
        StartedAt: reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        FinishedAt: reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
        TotalFrames: reader.GetInt32(9),
        FramesDone: reader.GetInt32(10),
        ChunksTotal: reader.GetInt32(11),
        ChunksDone: reader.GetInt32(12),
        Error: reader.IsDBNull(13) ? null : reader.GetString(13),
        Project: reader.GetString(14));

    private static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } time ? time : DBNull.Value };

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter import, DateTimeOffset? value, CancellationToken cancellationToken)
    {
        if (value is { } time)
            await import.WriteAsync(time, NpgsqlDbType.TimestampTz, cancellationToken);
        else
            await import.WriteNullAsync(cancellationToken);
    }
}
