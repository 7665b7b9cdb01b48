namespace Sanitas.Anonymization.SetValued;

/// <summary>
/// The <c>set-valued:</c> section of an anonymization configuration: a second file in long format
/// (one row per person and item, as the trial's comorbidities) made k^m-anonymous
/// (Terrovitis, Mamoulis &amp; Kalnis 2008) and attached to the anonymized table as one column.
/// </summary>
/// <param name="Input">The long-format CSV (resolved against the configuration's folder).</param>
/// <param name="Id">The person column in that file and in the main table.</param>
/// <param name="Item">The item column in that file.</param>
/// <param name="Hierarchy">The item hierarchy file (ARX's format), resolved.</param>
/// <param name="K">k: anyone knowing up to m items of a person finds at least k records containing them.</param>
/// <param name="M">m, the adversary's number of known items.</param>
/// <param name="Column">The name of the output column holding each person's generalized set.</param>
/// <param name="Separator">The separator between the items of a set in that column.</param>
public sealed record SetValuedSettings(string Input, string Id, string Item, string Hierarchy, int K, int M, string Column, char Separator);
