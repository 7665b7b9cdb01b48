using Sanitas.Server.Hosting;

await ServerHost.RunAsync(args);

/// <summary>The entry point (also the anchor of the in-process test host).</summary>
public partial class Program;
