using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Collaboration;
using Sanitas.Privacy;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas node keygen|deal|serve</c>: one centre's identity, its threshold key share, and its node.</summary>
internal sealed class NodeCommand : Command
{
    public NodeCommand(ICliConsole console)
        : base("node", "Run one centre of a consortium: make its signing identity, deal threshold keys, serve its data's statistics over HTTP.")
    {
        Subcommands.Add(Keygen(console));
        Subcommands.Add(Deal(console));
        Subcommands.Add(Serve(console));
    }

    private static Command Keygen(ICliConsole console)
    {
        var name = new Option<string>("--name") { Description = "The site (or coordinator) name.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "The private key file (PKCS#8 PEM); the public key goes to FILE.pub.", Required = true };
        var command = new Command("keygen", "Write a new ECDSA P-256 identity (private key, and the public key to pin in consortium.yaml).") { name, output };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            using var identity = SiteIdentity.Create(parse.GetValue(name)!);
            var publicPath = await identity.SaveAsync(parse.GetValue(output)!, ct).ConfigureAwait(false);
            console.WriteLine($"Identity of '{identity.Name}' written to {parse.GetValue(output)} (keep it private); public key: {publicPath}.");
            console.WriteLine($"Fingerprint (SHA-256 of the public key): {SiteIdentity.Fingerprint(identity.PublicKeyPem)}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Deal(ICliConsole console)
    {
        var sites = new Option<string>("--sites") { Description = "The site names, comma-separated, in share order.", Required = true };
        var threshold = new Option<int>("--threshold", "-t") { Description = "t: how many centres must agree to decrypt.", DefaultValueFactory = _ => 2 };
        var bits = new Option<int>("--bits") { Description = "The Paillier modulus size.", DefaultValueFactory = _ => 2048 };
        var output = new Option<string>("--out", "-o") { Description = "The folder for SITE.paillier.json files (hand each to its centre, then delete them here).", Required = true };
        var command = new Command("deal", "Act as the trusted dealer: generate a threshold Paillier key and write one key share per site.") { sites, threshold, bits, output };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            var names = parse.GetValue(sites)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var keys = console.RunWithProgress("Generating safe primes", _ =>
                ThresholdPaillier.Deal(parse.GetValue(bits), names.Length, parse.GetValue(threshold), SecureRandom.Instance, ct));
            for (var i = 0; i < names.Length; i++)
            {
                await PaillierKeyShareFile.WriteAsync(keys.Shares[i], Path.Combine(parse.GetValue(output)!, names[i] + ".paillier.json"), ct).ConfigureAwait(false);
            }
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dealt a {keys.PublicKey.Bits}-bit threshold Paillier key, {parse.GetValue(threshold)} of {names.Length}, to {parse.GetValue(output)}."));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Serve(ICliConsole console)
    {
        var site = new Option<string>("--site") { Description = "This centre's name in consortium.yaml.", Required = true };
        var data = new Option<string>("--data") { Description = "This centre's CSV file (the consortium's features and label).", Required = true };
        var identity = new Option<string>("--identity") { Description = "This centre's private key (from 'sanitas node keygen').", Required = true };
        var consortium = new Option<string>("--consortium") { Description = "consortium.yaml: the pinned keys of the coordinator and of every site, and the columns.", Required = true };
        var listen = new Option<string>("--listen") { Description = "The URL to listen on.", DefaultValueFactory = _ => "http://127.0.0.1:5101" };
        var share = new Option<string?>("--paillier-share") { Description = "This centre's threshold Paillier key share (from 'sanitas node deal'), for threshold-he." };
        var ledger = new Option<string?>("--ledger") { Description = "The budget ledger DP training is charged to (SQLite file or Npgsql connection string)." };
        var analyst = new Option<string?>("--analyst") { Description = "The analyst charged in the ledger (dataset: the site's name)." };
        var noLedger = new Option<bool>("--no-ledger") { Description = "Answer DP tasks without charging a ledger." };
        var requireDp = new Option<bool>("--require-dp") { Description = "Refuse every task that is not differentially private." };
        var command = new Command("serve", "Serve one centre's node over HTTP until Ctrl+C.") { site, data, identity, consortium, listen, share, ledger, analyst, noLedger, requireDp };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            var config = ConsortiumConfig.Load(parse.GetValue(consortium)!);
            using var id = SiteIdentity.Load(parse.GetValue(site)!, parse.GetValue(identity)!);
            var options = new SiteNodeOptions
            {
                Identity = id,
                Consortium = config,
                DataPath = parse.GetValue(data)!,
                PaillierShare = parse.GetValue(share) is { } sharePath ? PaillierKeyShareFile.Read(sharePath) : null,
                Ledger = parse.GetValue(ledger) is { } db ? BudgetLedger.Open(db, createIfMissing: false) : null,
                Analyst = parse.GetValue(analyst),
                NoLedger = parse.GetValue(noLedger),
                RequireDp = parse.GetValue(requireDp),
            };
            await using var host = await SiteNodeHost.StartAsync(options, parse.GetValue(listen)!, ct).ConfigureAwait(false);
            console.WriteLine($"Site '{host.Site}' listening on {host.Address} (key {SiteIdentity.Fingerprint(id.PublicKeyPem)[..16]}…); Ctrl+C stops it.");
            await host.WaitAsync(ct).ConfigureAwait(false);
            console.WriteLine($"Site '{host.Site}' stopped.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
