#!/usr/bin/env bash
# Installs the optional independent checkers the tests use when present (Debian/Ubuntu):
#   dcmtk - DCMTK's dcmdump reads every DICOM file 'sanitas dicom deidentify' writes
#           (tests/Sanitas.Tests/Anonymization/Dicom, [DcmdumpFact]; skipped where dcmdump is missing).
# Safe to run repeatedly; needs root (or sudo) for apt-get. Does nothing when the tools are already there.
set -euo pipefail

packages=()
command -v dcmdump >/dev/null 2>&1 || packages+=(dcmtk)

if [ ${#packages[@]} -eq 0 ]; then
  echo "install-test-tools: all tools present (dcmdump: $(command -v dcmdump))"
  exit 0
fi

run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
echo "install-test-tools: installing ${packages[*]}"
run apt-get update -qq
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
command -v dcmdump >/dev/null 2>&1 && echo "install-test-tools: dcmdump $(dcmdump --version 2>/dev/null | head -1)"
