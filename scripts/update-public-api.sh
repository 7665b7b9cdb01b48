#!/usr/bin/env bash
# Regenerates src/Sanitas/PublicAPI.Shipped.txt, the library's public-API baseline.
#
# The build runs Microsoft.CodeAnalysis.PublicApiAnalyzers with warnings as errors, so a public type or
# member that is not in the baseline fails the build (RS0016) and one that disappeared fails it too
# (RS0017): every change to the public surface is a decision. After deciding that a change is wanted,
# run this script and commit the baseline's diff with the change.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
api=src/Sanitas/PublicAPI.Shipped.txt
log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf '#nullable enable\n' > "$api"
printf '#nullable enable\n' > src/Sanitas/PublicAPI.Unshipped.txt
dotnet build src/Sanitas/Sanitas.csproj -c Release --no-incremental -p:TreatWarningsAsErrors=false > "$log" 2>&1 || { cat "$log"; exit 1; }
{
  printf '#nullable enable\n'
  grep -oP "warning RS0016: Symbol '\K.*(?=' is not part of the declared public API)" "$log" | LC_ALL=C sort -u
} > "$api.tmp"
mv "$api.tmp" "$api"
echo "$(($(wc -l < "$api") - 1)) public symbols in $api"
dotnet build src/Sanitas/Sanitas.csproj -c Release > "$log" 2>&1 || { grep -E "error" "$log" | sort -u | head -20; exit 1; }
echo "The library builds against the new baseline."
