#!/usr/bin/env python3
"""Checks that every target declares exactly the modules its sources import (run from the package root).

Imports are read at the start of a line (so code inside string literals is not counted); the toolchain's own
modules (Foundation, Dispatch, Testing, ...) need no declaration. Exits 1 when a target differs."""
import json, os, re, subprocess, sys
pkg = json.loads(subprocess.run(["swift", "package", "dump-package"], capture_output=True, text=True, check=True).stdout)
names = {t["name"] for t in pkg["targets"]}
system = {"Foundation", "FoundationEssentials", "Dispatch", "Glibc", "Musl", "Synchronization", "Testing", "XCTest",
          "os", "_Concurrency", "FoundationXML", "Darwin", "FoundationNetworking", "CoreFoundation"}
bad = 0
for t in pkg["targets"]:
    if t["type"] == "system":
        continue
    path = t.get("path") or os.path.join("Tests" if t["type"] == "test" else "Sources", t["name"])
    declared = set()
    for d in t.get("dependencies", []):
        for kind in ("byName", "product", "target"):
            if kind in d:
                declared.add(d[kind][0])
    imported = set()
    for root, _, files in os.walk(path):
        for f in files:
            if f.endswith(".swift"):
                for line in open(os.path.join(root, f), encoding="utf-8"):
                    m = re.match(r"^(?:@testable\s+|@_exported\s+|@preconcurrency\s+)*(?:public\s+|internal\s+|package\s+|private\s+|fileprivate\s+)?import\s+(?:struct\s+|class\s+|enum\s+|func\s+)?([A-Za-z_][A-Za-z0-9_]*)", line)
                    if m:
                        imported.add(m.group(1))
    imported -= system
    unused = declared - imported
    undeclared = imported - declared
    if unused or undeclared:
        bad += 1
        print(f"{t['name']}: declared, not imported: {sorted(unused)}; imported, not declared: {sorted(undeclared)}")
print("targets checked:", len(pkg["targets"]), "with differences:", bad)
sys.exit(1 if bad else 0)
