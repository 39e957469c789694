using Microsoft.AspNetCore.Mvc.RazorPages;
using RenderFarm.Access;
using RenderFarm.Client;
using RenderFarm.Jobs;

namespace RenderFarm.Dashboard.Pages.Jobs;

/// <summary>The job list: filtered by its address, newest first unless sorted otherwise, updated live.</summary>
public sealed class IndexModel(IRenderFarm farm) : PageModel
{
    public JobListFilter Filter { get; private set; } = null!;
    public IReadOnlyList<JobSummary> Jobs { get; private set; } = [];
    public string? NextPageToken { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Filter = JobListFilter.From(Request.Query);
            var page = await farm.ListJobsAsync(Filter.ToQuery(), cancellationToken);
            Jobs = [.. Filter.Order(page.Jobs)];
            NextPageToken = page.NextPageToken;
        }
        catch (ArgumentException e)
        {
            Show(e.Message, StatusCodes.Status400BadRequest);
        }
        catch (AccessDeniedException e)
        {
            Show(e.Message, StatusCodes.Status403Forbidden);
        }
    }

    private void Show(string problem, int status)
    {
        Filter ??= JobListFilter.From(new QueryCollection());
        Problem = problem;
        Response.StatusCode = status;
    }
}
