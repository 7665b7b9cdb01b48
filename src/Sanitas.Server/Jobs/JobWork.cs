namespace Sanitas.Server.Jobs;

/// <summary>
/// The work of one job: it writes its result files into <paramref name="Staging"/> (moved into place
/// only when it succeeds) and reports progress from 0 to 1.
/// </summary>
/// <param name="Staging">A fresh folder for the result files.</param>
/// <param name="Progress">Receives the fraction done.</param>
/// <param name="Cancellation">Fires when the job is cancelled or the server stops.</param>
internal sealed record JobContext(string Staging, IProgress<double> Progress, CancellationToken Cancellation);

/// <summary>A job's body: returns the names of the result files it wrote into the staging folder.</summary>
internal delegate Task<IReadOnlyList<string>> JobWork(JobContext context);
