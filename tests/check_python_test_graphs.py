#!/usr/bin/env python3
"""ctest fixtures.python-test-graphs: the Python test graphs as far as they can be checked without
langgraph (not installable here). Usage:
  check_python_test_graphs.py PACKAGE_DIR CONFIG.json [...]
      exit 0 when every .py under PACKAGE_DIR compiles and every CONFIG (a langgraph.json or a
      fragment of one) has a `graphs` object naming exactly echo, fail, slow, review, each
      "<path>.py:<name>" with <path> a file inside PACKAGE_DIR (paths are relative to it, as
      langgraph.json's are to its own folder) that defines <name> at top level; else 1, with
      one line per problem.
  check_python_test_graphs.py --expect-problems EXPECTED PACKAGE_DIR CONFIG.json [...]
      the same check on planted bad input: exit 0 only when the problems found are exactly the
      lines of EXPECTED (# lines are comments), so every rule is shown to refuse what it should.
"""
import argparse
import json
import os
import py_compile
import re
import sys
import tempfile

GRAPH_NAMES = ["echo", "fail", "slow", "review"]
GRAPH_SPEC = re.compile(r"^(?P<path>.+\.py):(?P<name>[A-Za-z_][A-Za-z0-9_]*)$")


def compile_problems(package_dir):
    """py_compile on every .py, with the bytecode written to a scratch folder, not the source tree."""
    sources = sorted(os.path.relpath(os.path.join(folder, name), package_dir)
                     for folder, subfolders, names in os.walk(package_dir)
                     if "__pycache__" not in folder
                     for name in names if name.endswith(".py"))
    if not sources:
        return [f"{package_dir}: no .py files"]
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        for index, source in enumerate(sources):
            try:
                py_compile.compile(os.path.join(package_dir, source),
                                   cfile=os.path.join(scratch, f"{index}.pyc"), doraise=True)
            except py_compile.PyCompileError as error:
                line = getattr(error.exc_value, "lineno", "?")
                problems.append(f"{source}: does not compile (line {line})")
    return problems


def defines_at_top_level(source_text, name):
    pattern = rf"^(?:{name}\s*[:=]|(?:async\s+)?def\s+{name}\s*\()"
    return re.search(pattern, source_text, re.MULTILINE) is not None


def graph_problem(package_dir, graph, spec):
    """What is wrong with one graphs entry, or None."""
    if not isinstance(spec, str):
        return f"graphs.{graph} is not a string"
    match = GRAPH_SPEC.match(spec)
    if not match:
        return f"graphs.{graph} is not \"<path>.py:<name>\": {spec}"
    root = os.path.realpath(package_dir)
    path = os.path.realpath(os.path.join(root, match["path"]))
    if os.path.commonpath([root, path]) != root:
        return f"graphs.{graph} points outside the package: {match['path']}"
    if not os.path.isfile(path):
        return f"graphs.{graph}: no file {match['path']} in the package"
    with open(path, encoding="utf-8") as source:
        if not defines_at_top_level(source.read(), match["name"]):
            return f"graphs.{graph}: {match['path']} defines no top-level {match['name']}"
    return None


def config_problems(package_dir, config_path):
    shown = os.path.basename(config_path)
    try:
        with open(config_path, encoding="utf-8") as config_file:
            config = json.load(config_file)
    except json.JSONDecodeError as error:
        return [f"{shown}: not valid JSON (line {error.lineno})"]
    graphs = config.get("graphs") if isinstance(config, dict) else None
    if not isinstance(graphs, dict):
        return [f"{shown}: no \"graphs\" object"]
    problems = []
    missing = [name for name in GRAPH_NAMES if name not in graphs]
    unexpected = sorted(name for name in graphs if name not in GRAPH_NAMES)
    if missing or unexpected:
        problems.append(f"{shown}: graphs must be exactly {', '.join(GRAPH_NAMES)}; missing: "
                        f"{', '.join(missing) or 'none'}; unexpected: {', '.join(unexpected) or 'none'}")
    for graph in GRAPH_NAMES:
        if graph not in graphs:
            continue
        problem = graph_problem(package_dir, graph, graphs[graph])
        if problem:
            problems.append(f"{shown}: {problem}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect-problems", metavar="EXPECTED")
    parser.add_argument("package_dir")
    parser.add_argument("configs", nargs="+")
    args = parser.parse_args()

    problems = compile_problems(args.package_dir)
    for config in args.configs:
        problems += config_problems(args.package_dir, config)

    if args.expect_problems is None:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) in {args.package_dir}" if problems
              else f"{args.package_dir}: compiles; {len(args.configs)} config(s) name "
              f"{', '.join(GRAPH_NAMES)}")
        return 1 if problems else 0

    with open(args.expect_problems, encoding="utf-8") as expected_file:
        expected = [line for line in expected_file.read().splitlines()
                    if line and not line.startswith("#")]
    if sorted(problems) == sorted(expected):
        print(f"the planted input gave exactly the {len(expected)} expected problems:")
        print("\n".join(f"  {problem}" for problem in problems))
        return 0
    print("the planted input did not give the expected problems")
    print("\n".join(f"  not found:  {line}" for line in sorted(set(expected) - set(problems))))
    print("\n".join(f"  unexpected: {line}" for line in sorted(set(problems) - set(expected))))
    return 1


if __name__ == "__main__":
    sys.exit(main())
