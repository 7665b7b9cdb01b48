namespace Sanitas.Query;

/// <summary>
/// Rewrites the names of a query to one spelling before it is sent to a database: tables and columns
/// as the metadata spells them, aliases as the query defines them. The planner matches names
/// case-insensitively, and SQLite does too, but PostgreSQL folds unquoted names to lower case and the
/// generated SQL quotes every name, so <c>select age from patients</c> must become
/// <c>SELECT "Age" FROM "Patients"</c> to find what the importer created. Names that differ only in
/// case (two spellings of one name in the metadata) are left as written.
/// </summary>
internal sealed class DatabaseNames
{
    private readonly Dictionary<string, string?> _spelling = new(StringComparer.OrdinalIgnoreCase);

    public DatabaseNames(DatabaseMetadata metadata, SelectStatement query)
    {
        foreach (var table in metadata.Tables.Values)
        {
            Add(table.Name, true);
            Add(table.PrivacyUnit, true);
            foreach (var column in table.Columns.Keys)
            {
                Add(column, true);
            }
        }
        AddAliases(query);
    }

    private readonly HashSet<string> _fromMetadata = new(StringComparer.Ordinal);

    private void Add(string name, bool metadata)
    {
        if (_spelling.TryGetValue(name, out var existing))
        {
            if (existing is not null && !string.Equals(existing, name, StringComparison.Ordinal) && (metadata || !_fromMetadata.Contains(existing)))
            {
                _spelling[name] = null;   // ambiguous: keep whatever is written
            }
            return;
        }
        _spelling[name] = name;
        if (metadata)
        {
            _fromMetadata.Add(name);
        }
    }

    private void AddAliases(SelectStatement query)
    {
        foreach (var item in query.Items)
        {
            if (item.Alias is { } alias && !_spelling.ContainsKey(alias))
            {
                Add(alias, false);
            }
        }
        AddAliases(query.From);
    }

    private void AddAliases(TableSource source)
    {
        switch (source)
        {
            case TableReference { Alias: { } alias } when !_spelling.ContainsKey(alias):
                Add(alias, false);
                break;
            case SubquerySource s:
                if (!_spelling.ContainsKey(s.Alias))
                {
                    Add(s.Alias, false);
                }
                AddAliases(s.Query);
                break;
            case JoinSource j:
                AddAliases(j.Left);
                AddAliases(j.Right);
                break;
        }
    }

    private string Name(string name) => _spelling.TryGetValue(name, out var spelled) && spelled is not null ? spelled : name;

    private string? Name(string? name, bool _) => name is null ? null : Name(name);

    /// <summary>The expression with every column name and qualifier in its one spelling.</summary>
    public SqlExpression Rewrite(SqlExpression expression) => SqlRewriter.Rewrite(expression, node => node switch
    {
        ColumnReference c => c with { Qualifier = Name(c.Qualifier, true), Name = Name(c.Name) },
        StarExpression s => s with { Qualifier = Name(s.Qualifier, true) },
        _ => null,
    });

    /// <summary>The FROM clause with every table, alias and name inside subqueries in its one spelling.</summary>
    public TableSource Rewrite(TableSource source) => source switch
    {
        TableReference t => t with { Name = Name(t.Name), Alias = Name(t.Alias, true) },
        SubquerySource s => s with { Query = Rewrite(s.Query), Alias = Name(s.Alias) },
        JoinSource j => j with { Left = Rewrite(j.Left), Right = Rewrite(j.Right), Condition = Rewrite(j.Condition) },
        _ => source,
    };

    /// <summary>A (sub)query with every name in its one spelling (select items, FROM, WHERE and GROUP BY).</summary>
    public SelectStatement Rewrite(SelectStatement query) => query with
    {
        Items = new NodeList<SelectItem>(query.Items.Select(i => i with { Expression = Rewrite(i.Expression), Alias = Name(i.Alias, true) })),
        From = Rewrite(query.From),
        Where = query.Where is null ? null : Rewrite(query.Where),
        GroupBy = new NodeList<SqlExpression>(query.GroupBy.Select(Rewrite)),
    };
}
