"""The editor and `validate` agree: the real YAML language server (yaml-language-server, from
npm, the one VS Code's YAML extension runs) reads a folder with planted mistakes over stdio
(LSP: initialize, didOpen, publishDiagnostics), and it must underline each mistake exactly
where `c7draft validate` reports it, in words.

Slow (Node starts in about a second); CI (.ci/run) installs the server and sets
C7DRAFT_YAML_LANGUAGE_SERVER, and C7DRAFT_REQUIRE_READERS=1 turns a missing server into a
failure. Locally: `npm install --prefix /tmp/yls yaml-language-server` and point
C7DRAFT_YAML_LANGUAGE_SERVER at /tmp/yls/node_modules/.bin/yaml-language-server.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from c7draft.inputs.schema import modeline
from c7draft.validate import validate

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _server() -> str:
    path = os.environ.get("C7DRAFT_YAML_LANGUAGE_SERVER") or shutil.which("yaml-language-server")
    if not path:
        if os.environ.get("C7DRAFT_REQUIRE_READERS"):
            pytest.fail("yaml-language-server is not installed (.ci/run installs it)")
        pytest.skip("yaml-language-server is not installed")
    return path


def diagnostics(server: str, files: list[Path], timeout: float = 60) -> dict[Path, list[dict]]:
    """What the language server underlines in each of ``files``, opened as an editor does."""
    proc = subprocess.Popen(
        [server, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    inbox: queue.Queue = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        while True:
            headers = {}
            while (line := proc.stdout.readline().decode()) not in ("\r\n", ""):
                name, _, value = line.partition(":")
                headers[name.lower()] = value.strip()
            if not headers:
                return
            inbox.put(json.loads(proc.stdout.read(int(headers["content-length"]))))

    def send(message: dict) -> None:
        assert proc.stdin is not None
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        proc.stdin.flush()

    threading.Thread(target=read, daemon=True).start()
    settings = {"validate": True, "schemaStore": {"enable": False}, "hover": True, "completion": True}
    uris = {f.resolve().as_uri(): f for f in files}
    found: dict[Path, list[dict]] = {}
    try:
        send(
            {
                "id": 1,
                "method": "initialize",
                "params": {
                    "processId": os.getpid(),
                    "rootUri": files[0].resolve().parent.as_uri(),
                    "capabilities": {"workspace": {"configuration": True}},
                    "initializationOptions": {"yaml": settings},
                },
            }
        )
        deadline, quiet_since = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            try:
                message = inbox.get(timeout=0.2)
            except queue.Empty:
                if len(found) == len(files) and quiet_since and time.monotonic() - quiet_since > 1:
                    break
                continue
            if message.get("id") == 1 and "result" in message:
                send({"method": "initialized", "params": {}})
                send(
                    {"method": "workspace/didChangeConfiguration", "params": {"settings": {"yaml": settings}}}
                )
                for uri, file in uris.items():
                    text = file.read_text(encoding="utf-8")
                    doc = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
                    send({"method": "textDocument/didOpen", "params": {"textDocument": doc}})
            elif message.get("method") == "workspace/configuration":
                send({"id": message["id"], "result": [settings for _ in message["params"]["items"]]})
            elif "id" in message and "method" in message:  # any other request of the server's
                send({"id": message["id"], "result": None})
            elif message.get("method") == "textDocument/publishDiagnostics":
                found[uris[message["params"]["uri"]]] = message["params"]["diagnostics"]
                quiet_since = time.monotonic()
    finally:
        proc.kill()
        proc.wait()
    assert len(found) == len(files), f"the server underlined nothing in {set(files) - set(found)}"
    return found


def _plant(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path`` by ``new``; the line it is on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_the_editor_underlines_each_mistake_where_validate_reports_it(tmp_path):
    server = _server()
    folder = tmp_path / "inputs"
    shutil.copytree(ROOT / "sample_inputs" / "2025", folder)
    submission = folder / "submission.yaml"
    lines = submission.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = modeline("submission", submission) + "\n"  # the shipped schema, from the copy
    submission.write_text("".join(lines), encoding="utf-8")

    quoted = _plant(submission, "session: 29", 'session: "29"')  # the same number to both
    _plant(submission, "opens: 2026-04-20", "opens: 2026-02-30")
    _plant(folder / "itc.yaml", 'section: "2"', 'section: "9"')
    _plant(folder / "upu.yaml", "    section:", "    secton:")
    _plant(folder / "unctad.yaml", "  - id: ige-8", "  - id: ige 8")

    errors = {(Path(p.file).name, p.line, p.column): p for p in validate(folder) if p.severity == "error"}
    assert sorted((k[0], p.rule) for k, p in errors.items()) == [
        ("itc.yaml", "unknown-section"),
        ("submission.yaml", "schema-date"),
        ("unctad.yaml", "schema-id"),
        ("upu.yaml", "schema-unknown-key"),
    ]

    files = [submission, folder / "itc.yaml", folder / "unctad.yaml", folder / "upu.yaml"]
    underlined = {
        (file.name, d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1): d["message"]
        for file, found in diagnostics(server, files).items()
        for d in found
    }
    for where, problem in errors.items():
        assert where in underlined, (
            f"validate reports {problem.where}: {problem.message}; the editor: {underlined}"
        )
    # The editor says it in words too, not "String does not match the pattern of ...".
    by_rule = {p.rule: underlined[where] for where, p in errors.items()}
    assert by_rule["unknown-section"] == "not a section of outline `cstd29`: use one of 2, 3a, 3b"
    assert by_rule["schema-date"].startswith("not a date of the calendar")
    assert by_rule["schema-id"].startswith("an id may contain only letters, digits")
    assert by_rule["schema-unknown-key"] == "Property secton is not allowed."
    # Nothing else is underlined, but for the misspelt key's record: the editor also says its
    # `section` is missing (on the record's first line); validate reports the misspelling only.
    extra = {where: message for where, message in underlined.items() if where not in errors}
    secton = next(where for where, p in errors.items() if p.rule == "schema-unknown-key")
    assert extra == {("upu.yaml", secton[1] - 1, secton[2]): 'Missing property "section".'}
    assert not any(where[:2] == ("submission.yaml", quoted) for where in underlined)


def test_a_folder_made_by_init_has_nothing_underlined(tmp_path):
    """`init` writes `records:`, `executive_summary:` and `order:` with only comments under
    them (an example to copy): the loader reads them as empty, and the editor must agree."""
    from c7draft.yearly import init_submission

    server = _server()
    made = tmp_path / "made" / "here" / "inputs"
    init_submission(made, last=ROOT / "sample_inputs" / "2025")
    folder = made.rename(tmp_path / "inputs")  # a colleague's copy: the schemas go with the folder
    files = sorted(folder.glob("*.yaml"))
    assert "\nrecords:\n  # - id: example-activity" in (folder / "upu.yaml").read_text(encoding="utf-8")
    assert [p for p in validate(folder) if p.severity == "error"] == []
    assert diagnostics(server, files) == {file: [] for file in files}
