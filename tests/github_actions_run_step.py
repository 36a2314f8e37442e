#!/usr/bin/env python3
"""ctest examples.github-actions-run-step: the example workflow's run step, as written, gates a
deployment through a relay. Its script is taken from examples/github-actions.yml and run with
bash against a local serve-reference (the deployment) and a local `capture --relay` (the relay),
loopback only; it must exit 0, judge cases, and every webhook must have come through the relay.

Usage: github_actions_run_step.py WORKFLOW WEBHOOK_CONFORMANCE WORK_DIR
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import threading

STEP = "- name: Run against the deployment"


def run_script(workflow_text):
    """The step's `run: |` block, dedented: a block scalar is the lines indented past `run:`."""
    lines = workflow_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == STEP)
    run_at = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == "run: |")
    key_indent = len(lines[run_at]) - len(lines[run_at].lstrip())
    block = []
    for line in lines[run_at + 1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= key_indent:
            break
        block.append(line)
    indent = min(len(l) - len(l.lstrip()) for l in block if l.strip())
    return "\n".join(l[indent:] for l in block).strip() + "\n"


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
    workflow, tool, work = sys.argv[1], sys.argv[2], sys.argv[3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    with open(workflow, encoding="utf-8") as f:
        script = run_script(f.read())
    if "${{" in script:
        sys.exit("FAIL: the run step's script expands ${{ }} itself; it must read its environment")
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
        step_env = dict(env,
                        PATH=bin_dir + os.pathsep + env.get("PATH", ""),
                        DEPLOYMENT_URL=f"http://127.0.0.1:{target_port}",
                        RELAY_URL=f"http://127.0.0.1:{relay_port}",
                        CALLBACK_URL="", LANGSMITH_API_KEY="")
        step_env.pop("GITHUB_ACTIONS", None)
        step = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=work, env=step_env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=600)
        print(step.stdout[-3000:])
        if step.returncode != 0:
            sys.exit(f"FAIL: the run step exited {step.returncode}")
        with open(os.path.join(work, "reports", "report.json"), encoding="utf-8") as f:
            report = json.load(f)
        judged = [c for c in report["cases"] if c["verdict"] in ("pass", "fail", "warn", "info")]
        if len(judged) < 40:
            sys.exit(f"FAIL: only {len(judged)} cases judged through the relay")
        webhooks = relayed.count("POST /hook/")
        if webhooks < len(judged):
            sys.exit(f"FAIL: the relay saw {webhooks} webhooks for {len(judged)} judged cases")
        print(f"ok: the example workflow's run step judged {len(judged)} cases; "
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
