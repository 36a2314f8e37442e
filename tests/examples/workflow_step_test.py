#!/usr/bin/env python3
"""ctest examples.github-actions-run-step and examples.github-action-composite: a CI step as
written gates a deployment through a relay. The step's `env:` and `run: |` script are read from the
file (the example workflow, or the composite action.yml with its inputs' defaults), `${{ secrets.X }}`
and `${{ inputs.x }}` in env are given test values, and the script runs with bash against a local
serve-reference (the deployment) and a local `capture --relay` (the relay), loopback only. It must
exit 0 and write exit-code=0 to $GITHUB_OUTPUT when it writes one, judge cases, and every webhook
must have come through the relay. A script holding ${{ }} itself fails (script injection).

Usage: workflow_step_test.py FILE STEP_NAME WEBHOOK_CONFORMANCE WORK_DIR
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import threading

def indent_of(line):
    return len(line) - len(line.lstrip())


def block_under(lines, at):
    """The lines indented past lines[at] (a key), up to the next line at its indent or less."""
    block = []
    for line in lines[at + 1:]:
        if line.strip() and indent_of(line) <= indent_of(lines[at]):
            break
        block.append(line)
    return block


def step_of(text, name):
    """(env, script) of the step called `name`: env as written, the `run: |` block dedented."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- name: {name}")
    step = [lines[start]] + block_under(lines, start)
    env, script = {}, None
    for i, line in enumerate(step):
        if line.strip() == "env:":
            for entry in block_under(step, i):
                if entry.strip():
                    key, _, value = entry.strip().partition(":")
                    env[key] = value.strip()
        elif line.strip() == "run: |":
            block = block_under(step, i)
            indent = min(indent_of(l) for l in block if l.strip())
            script = "\n".join(l[indent:] for l in block).strip() + "\n"
    return env, script


def input_defaults(text):
    """action.yml's inputs and their defaults (quotes stripped)."""
    lines = text.splitlines()
    defaults = {}
    if "inputs:" not in (l.rstrip() for l in lines):
        return defaults
    at = next(i for i, l in enumerate(lines) if l.rstrip() == "inputs:")
    block = block_under(lines, at)
    name = None
    for line in block:
        if line.strip().endswith(":") and indent_of(line) == 2:
            name = line.strip()[:-1]
        elif name and line.strip().startswith("default:"):
            defaults[name] = line.strip()[len("default:"):].strip().strip('"')
    return defaults


def resolve(value, values):
    """`${{ secrets.X }}` / `${{ inputs.x }}` from `values`, "" when absent; a literal as is."""
    value = value.strip()
    if value.startswith("${{") and value.endswith("}}"):
        return values.get(value[3:-2].strip(), "")
    return value.strip('"')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Output:
    """A child's output, drained on a thread (a full pipe would stall the child), with a wait for
    a line holding a given text."""

    def __init__(self, process):
        self.lines = []
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._drain, args=(process.stdout,), daemon=True)
        self.thread.start()

    def _drain(self, stream):
        for line in stream:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()

    def wait_for(self, needle, seconds):
        with self.changed:
            if not self.changed.wait_for(lambda: any(needle in l for l in self.lines), seconds):
                sys.exit(f"FAIL: no line with {needle!r} within {seconds} s; got: "
                         f"{''.join(self.lines)[:2000]}")

    def count(self, needle):
        with self.changed:
            return sum(needle in l for l in self.lines)


def main():
    path, step_name, tool, work = sys.argv[1:5]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    step_env, script = step_of(text, step_name)
    if script is None:
        sys.exit(f"FAIL: {path}: step {step_name!r} has no `run: |` script")
    if "${{" in script:
        sys.exit("FAIL: the step's script expands ${{ }} itself; it must read its environment")
    bin_dir = os.path.join(work, "bin")
    os.makedirs(bin_dir)
    os.symlink(os.path.abspath(tool), os.path.join(bin_dir, "webhook-conformance"))
    token = "ci-recipe-test-relay-token"
    env = dict(os.environ, WEBHOOK_CONFORMANCE_RELAY_TOKEN=token)
    target_port, relay_port = free_port(), free_port()
    children = []
    try:
        target = subprocess.Popen([tool, "serve-reference", "--port", str(target_port)],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        children.append(target)
        Output(target).wait_for("listening on", 30)
        relay = subprocess.Popen([tool, "capture", "--relay", "--port", str(relay_port)],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 env=env)
        children.append(relay)
        relayed = Output(relay)
        relayed.wait_for("relay mode", 30)
        values = {f"inputs.{k}": v for k, v in input_defaults(text).items()}
        deployment, relay_url = f"http://127.0.0.1:{target_port}", f"http://127.0.0.1:{relay_port}"
        values.update({"secrets.LANGGRAPH_DEPLOYMENT_URL": deployment, "inputs.target": deployment,
                       "secrets.WEBHOOK_RELAY_URL": relay_url, "inputs.relay-url": relay_url,
                       "secrets.WEBHOOK_RELAY_TOKEN": token, "inputs.relay-token": token})
        run_env = {k: v for k, v in os.environ.items()
                   if k not in ("GITHUB_ACTIONS", "WEBHOOK_CONFORMANCE_RELAY_TOKEN")}
        run_env.update({k: resolve(v, values) for k, v in step_env.items()})
        run_env["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
        output_file = os.path.join(work, "github-output")
        run_env["GITHUB_OUTPUT"] = output_file
        report_dir = run_env.get("REPORT_DIR", "reports")
        step = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=work, env=run_env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=600)
        print(step.stdout[-3000:])
        if step.returncode != 0:
            sys.exit(f"FAIL: the step exited {step.returncode}")
        if os.path.exists(output_file):
            with open(output_file, encoding="utf-8") as f:
                if "exit-code=0" not in f.read().split():
                    sys.exit("FAIL: the step did not write exit-code=0 to $GITHUB_OUTPUT")
        with open(os.path.join(work, report_dir, "report.json"), encoding="utf-8") as f:
            report = json.load(f)
        judged = [c for c in report["cases"] if c["verdict"] in ("pass", "fail", "warn", "info")]
        if len(judged) < 40:
            sys.exit(f"FAIL: only {len(judged)} cases judged through the relay")
        webhooks = relayed.count("POST /hook/")
        if webhooks < len(judged):
            sys.exit(f"FAIL: the relay saw {webhooks} webhooks for {len(judged)} judged cases")
        print(f"ok: {os.path.basename(path)} step {step_name!r} judged {len(judged)} cases; "
              f"{webhooks} webhooks came through the relay")
    finally:
        for child in children:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    main()
