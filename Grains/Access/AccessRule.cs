namespace RenderFarm.Access;

/// <summary>Judges a client call: returns to let it through (its arguments perhaps narrowed), or throws <see cref="AccessDeniedException"/>.</summary>
internal delegate ValueTask AccessRule(ClientCall call);
