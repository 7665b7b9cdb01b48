using System.CommandLine;
using System.Globalization;
using Sanitas.Anonymization.SetValued;
using Sanitas.Cli.Rendering;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas km-anonymize</c>: k^m-anonymity of a set-valued attribute (Terrovitis et al. 2008).</summary>
internal sealed class KmAnonymizeCommand : Command
{
    private readonly Option<string> _input = new("--input", "-i") { Description = "The CSV in long format: one row per person and item.", Required = true };
    private readonly Option<string> _id = new("--id") { Description = "The person column.", Required = true };
    private readonly Option<string> _item = new("--item") { Description = "The item column.", Required = true };
    private readonly Option<string> _hierarchy = new("--hierarchy") { Description = "The item hierarchy (ARX format: item;parent;...;root per line).", Required = true };
    private readonly Option<int> _k = new("--k") { Description = "At least k records must match any m known items.", DefaultValueFactory = _ => 5 };
    private readonly Option<int> _m = new("--m") { Description = "The most items an adversary knows.", DefaultValueFactory = _ => 2 };
    private readonly Option<string> _output = new("--output", "-o") { Description = "Where to write the generalized CSV (same long format).", Required = true };

    public KmAnonymizeCommand(ICliConsole console)
        : base("km-anonymize", "Generalize a set-valued attribute (e.g. comorbidities) until anyone knowing m items of a person matches at least k records.")
    {
        Options.Add(_input);
        Options.Add(_id);
        Options.Add(_item);
        Options.Add(_hierarchy);
        Options.Add(_k);
        Options.Add(_m);
        Options.Add(_output);
        SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(console, () =>
        {
            var k = parse.GetValue(_k);
            var m = parse.GetValue(_m);
            var result = KmFileAnonymizer.Run(parse.GetValue(_input)!, parse.GetValue(_id)!, parse.GetValue(_item)!, parse.GetValue(_hierarchy)!, k, m, parse.GetValue(_output)!, ct);
            console.WriteLine($"k^m-anonymous with k = {k}, m = {m} after {result.Steps} generalizations; information loss (NCP) {result.InformationLoss.ToString("0.####", CultureInfo.InvariantCulture)}.");
            console.WriteTable(["item", "released as"], result.Generalization.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (IReadOnlyList<string>)[p.Key, p.Value]));
            return ExitCodes.Success;
        }), CancellationToken.None));
    }
}
