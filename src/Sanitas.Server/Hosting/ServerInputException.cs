namespace Sanitas.Server.Hosting;

/// <summary>A request the server refuses on its own checks (a missing field, a bad name); mapped to 400.</summary>
internal sealed class ServerInputException(string message) : Exception(message);
