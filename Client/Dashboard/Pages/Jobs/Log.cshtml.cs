using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RenderFarm.Chunks;
using RenderFarm.Client;

namespace RenderFarm.Dashboard.Pages.Jobs;

/// <summary>The tail of one attempt's ffmpeg log, read on the node that ran it; while the attempt runs it is read again as its job moves on.</summary>
public sealed class LogModel(IRenderFarm farm) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Piece { get; set; }
    [BindProperty(SupportsGet = true)] public int Lane { get; set; }
    [BindProperty(SupportsGet = true)] public int Attempt { get; set; }
    /// <summary>How much of the log's end to show, in KiB.</summary>
    [BindProperty(SupportsGet = true)] public int Tail { get; set; } = AttemptLogRules.DefaultTailBytes / 1024;

    public AttemptLog? Log { get; private set; }
    public string? Problem { get; private set; }
    public string PieceWords { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>The log's text alone, fetched by the page's script while the attempt runs.</summary>
    public async Task<IActionResult> OnGetTailAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Partial("_LogText", this);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var piece = PieceName.Parse(Id, Piece, Lane);
            PieceWords = PieceName.Words(piece.Kind, piece.Index);
            Log = await farm.GetAttemptLogAsync(Id, piece, Attempt, checked(Math.Clamp(Tail, 1, AttemptLogRules.MaxTailBytes / 1024) * 1024), cancellationToken);
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or Access.AccessDeniedException)
        {
            Problem = e.Message;
            Response.StatusCode = e switch
            {
                Access.AccessDeniedException => StatusCodes.Status403Forbidden,
                KeyNotFoundException => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status400BadRequest,
            };
        }
    }
}
