namespace RenderFarm.Dashboard.Live;

/// <summary>One update pushed to a page: its kind (<c>job</c>, <c>cluster</c>) names the event the page's script listens for.</summary>
public sealed record PageEvent(string Kind, object Data);
