namespace Sanitas.Cli.Rendering;

/// <summary>An <see cref="IProgress{T}"/> that calls back synchronously (unlike <see cref="Progress{T}"/>, which posts).</summary>
internal sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
