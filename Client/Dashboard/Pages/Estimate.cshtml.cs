using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using RenderFarm.Client;
using RenderFarm.Costs;
using RenderFarm.Interchange;
using RenderFarm.Jobs;
using RenderFarm.Timelines;

namespace RenderFarm.Dashboard.Pages;

/// <summary>The estimate form: a timeline (the farm's JSON or OpenTimelineIO) in, what it would cost and when it would end out; nothing is rendered.</summary>
public sealed class EstimateModel(IRenderFarm farm, IOptions<DashboardOptions> options) : PageModel
{
    public CostEstimate? Estimate { get; private set; }
    public IReadOnlyList<ValidationError> Problems { get; private set; } = [];
    public IReadOnlyList<ValidationError> Warnings { get; private set; } = [];
    public string? FileName { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? timeline, string? deadline, decimal? maxCost, CancellationToken cancellationToken)
    {
        if (timeline is null || timeline.Length == 0)
            return Refused(new ValidationError("timeline", "choose a timeline file (.json or .otio) to estimate"));
        FileName = timeline.FileName;
        if (timeline.Length > options.Value.MaxUploadBytes)
            return Refused(new ValidationError("timeline", $"must be at most {options.Value.MaxUploadBytes:N0} bytes (was {timeline.Length:N0})"));
        string text;
        using (var reader = new StreamReader(timeline.OpenReadStream()))
            text = await reader.ReadToEndAsync(cancellationToken);
        DateTimeOffset? due = null;
        if (deadline is { Length: > 0 })
        {
            if (!DateTimeOffset.TryParse(deadline, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
                return Refused(new ValidationError("deadline", $"must be a date and time such as 2026-12-24T18:00 (was '{deadline}')"));
            due = at;
        }
        try
        {
            Timeline parsed;
            if (Path.GetExtension(timeline.FileName).Equals(".otio", StringComparison.OrdinalIgnoreCase))
            {
                var imported = OtioImporter.Import(text);
                Warnings = imported.Warnings;
                parsed = imported.Timeline;
            }
            else
            {
                parsed = TimelineJson.Parse(text);
            }
            Estimate = await farm.EstimateCostAsync(parsed, new JobOptions { Deadline = due, MaxCost = maxCost }, cancellationToken);
        }
        catch (TimelineValidationException e)
        {
            return Refused([.. e.Errors]);
        }
        return Page();
    }

    private PageResult Refused(params ValidationError[] problems)
    {
        Problems = problems;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
