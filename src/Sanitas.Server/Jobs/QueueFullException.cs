namespace Sanitas.Server.Jobs;

/// <summary>The job queue is full; mapped to 503.</summary>
internal sealed class QueueFullException() : Exception("The job queue is full; try again in a minute.");
