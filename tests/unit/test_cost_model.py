"""`make cost` (bench/cost.py): every row of one request's life, pinned. Each API call and each
trigger event of the lifecycle is listed below with the documents it reads, writes and deletes and
the index entries it adds, as the recorder counts them over the real code; the run is deterministic,
so each figure is pinned within TOLERANCE (exact for whole numbers). A change that adds a read, a
write or an index entry to any call fails here until its row is moved on purpose (and `make cost`
is rerun, so that bench/results/cost.json and docs/cost.md say the same)."""

import json
import re
from dataclasses import asdict

import pytest

from bench import cost, pages

TOLERANCE = 0.5  # operations per row

# step | who | call or event | reads writes deletes entries
PINNED = """
create    | customer | POST /uploads                           |   1  2  0  24
create    | customer | POST /customizations                    |   4  6  2  63
create    | trigger  | customization.request.created           |   1  2  1  12
create    | customer | GET /notifications                      |   1  0  0   0
create    | customer | GET /customizations/{id}                |   2  0  0   0
create    | customer | GET /customizations/{id}/revisions      |   2  0  0   0
create    | customer | GET /customizations/{id}/messages       |   2  0  0   0
create    | designer | GET /notifications                      |  64  0  0   0
create    | designer | POST /notifications/{id}/read           |   5  1  1   2
claim     | designer | GET /customizations/pending             |  21  0  0   0
claim     | designer | PATCH /customizations/{id}              |   5  3  0  29
claim     | trigger  | customization.designer.assigned         |   2  4  2  42
claim     | customer | GET /notifications                      |   1  0  0   0
claim     | customer | POST /notifications/{id}/read           |   3  1  0   1
claim     | customer | GET /customizations/{id}                |   2  0  0   0
claim     | customer | GET /customizations/{id}/revisions      |   2  0  0   0
claim     | customer | GET /customizations/{id}/messages       |   2  0  0   0
claim     | designer | GET /notifications                      |  64  0  0   0
claim     | designer | GET /customizations/{id}                |   2  0  0   0
claim     | designer | GET /customizations/{id}/revisions      |   2  0  0   0
claim     | designer | GET /customizations/{id}/messages       |   2  0  0   0
message 1 | designer | POST /customizations/{id}/messages      |   4  2  0  15
message 1 | customer | GET /notifications                      |   1  0  0   0
message 1 | customer | GET /customizations/{id}                |   2  0  0   0
message 1 | customer | GET /customizations/{id}/revisions      |   2  0  0   0
message 1 | customer | GET /customizations/{id}/messages       |   2  0  0   0
message 1 | customer | POST /customizations/{id}/messages/read |   2  1  0   2
message 1 | designer | GET /notifications                      |  64  0  0   0
message 1 | designer | GET /customizations/{id}                |   2  0  0   0
message 1 | designer | GET /customizations/{id}/revisions      |   2  0  0   0
message 1 | designer | GET /customizations/{id}/messages       |   2  0  0   0
message 1 | designer | POST /customizations/{id}/messages/read |   2  1  0   0
message 2 | customer | POST /customizations/{id}/messages      |   4  2  0  15
message 2 | customer | GET /notifications                      |   1  0  0   0
message 2 | customer | GET /customizations/{id}                |   2  0  0   0
message 2 | customer | GET /customizations/{id}/revisions      |   2  0  0   0
message 2 | customer | GET /customizations/{id}/messages       |   3  0  0   0
message 2 | customer | POST /customizations/{id}/messages/read |   2  1  0   0
message 2 | designer | GET /notifications                      |  64  0  0   0
message 2 | designer | GET /customizations/{id}                |   2  0  0   0
message 2 | designer | GET /customizations/{id}/revisions      |   2  0  0   0
message 2 | designer | GET /customizations/{id}/messages       |   3  0  0   0
message 2 | designer | POST /customizations/{id}/messages/read |   2  1  0   2
submit    | designer | POST /uploads                           |   1  2  0  24
submit    | designer | POST /uploads                           |   1  2  0  24
submit    | designer | PATCH /customizations/{id}              |   5  4  0  20
submit    | trigger  | customization.design.completed          |   2  5  2  66
submit    | customer | GET /notifications                      |   2  0  0   0
submit    | customer | POST /notifications/{id}/read           |   3  1  0   1
submit    | customer | GET /customizations/{id}                |   2  0  0   0
submit    | customer | GET /customizations/{id}/revisions      |   2  0  0   0
submit    | customer | GET /customizations/{id}/messages       |   3  0  0   0
submit    | designer | GET /notifications                      |  64  0  0   0
submit    | designer | GET /customizations/{id}                |   2  0  0   0
submit    | designer | GET /customizations/{id}/revisions      |   2  0  0   0
submit    | designer | GET /customizations/{id}/messages       |   3  0  0   0
reject    | customer | PATCH /customizations/{id}              |   3  2  0  16
reject    | trigger  | customization.design.rejected           |   2  5  2  38
reject    | customer | GET /notifications                      |   2  0  0   0
reject    | customer | GET /customizations/{id}                |   2  0  0   0
reject    | customer | GET /customizations/{id}/revisions      |   2  0  0   0
reject    | customer | GET /customizations/{id}/messages       |   3  0  0   0
reject    | designer | GET /notifications                      |  64  0  0   0
reject    | designer | POST /notifications/{id}/read           |   3  1  0   1
reject    | designer | GET /customizations/{id}                |   2  0  0   0
reject    | designer | GET /customizations/{id}/revisions      |   2  0  0   0
reject    | designer | GET /customizations/{id}/messages       |   3  0  0   0
resubmit  | designer | POST /uploads                           |   1  2  0  24
resubmit  | designer | POST /uploads                           |   1  2  0  24
resubmit  | designer | PATCH /customizations/{id}              |   5  4  0  18
resubmit  | trigger  | customization.design.completed          |   2  5  2  64
resubmit  | customer | GET /notifications                      |   3  0  0   0
resubmit  | customer | POST /notifications/{id}/read           |   3  1  0   1
resubmit  | customer | GET /customizations/{id}                |   2  0  0   0
resubmit  | customer | GET /customizations/{id}/revisions      |   3  0  0   0
resubmit  | customer | GET /customizations/{id}/messages       |   3  0  0   0
resubmit  | designer | GET /notifications                      |  64  0  0   0
resubmit  | designer | GET /customizations/{id}                |   2  0  0   0
resubmit  | designer | GET /customizations/{id}/revisions      |   3  0  0   0
resubmit  | designer | GET /customizations/{id}/messages       |   3  0  0   0
message 3 | customer | POST /customizations/{id}/messages      |   4  2  0  15
message 3 | customer | GET /notifications                      |   3  0  0   0
message 3 | customer | GET /customizations/{id}                |   2  0  0   0
message 3 | customer | GET /customizations/{id}/revisions      |   3  0  0   0
message 3 | customer | GET /customizations/{id}/messages       |   4  0  0   0
message 3 | customer | POST /customizations/{id}/messages/read |   2  1  0   0
message 3 | designer | GET /notifications                      |  64  0  0   0
message 3 | designer | GET /customizations/{id}                |   2  0  0   0
message 3 | designer | GET /customizations/{id}/revisions      |   3  0  0   0
message 3 | designer | GET /customizations/{id}/messages       |   4  0  0   0
message 3 | designer | POST /customizations/{id}/messages/read |   2  1  0   2
approve   | customer | PATCH /customizations/{id}              |   3  3  0  21
approve   | trigger  | customization.design.approved           |   2  5  2  40
approve   | customer | GET /notifications                      |   3  0  0   0
approve   | customer | GET /customizations/{id}                |   2  0  0   0
approve   | customer | GET /customizations/{id}/revisions      |   3  0  0   0
approve   | customer | GET /customizations/{id}/messages       |   4  0  0   0
approve   | designer | GET /notifications                      |  65  0  0   0
approve   | designer | POST /notifications/{id}/read           |   3  1  0   1
approve   | designer | GET /customizations/{id}                |   2  0  0   0
approve   | designer | GET /customizations/{id}/revisions      |   3  0  0   0
approve   | designer | GET /customizations/{id}/messages       |   4  0  0   0
complete  | admin    | PATCH /customizations/{id}              |   4  2  0  12
complete  | trigger  | customization.request.completed         |   3  5  3  40
complete  | customer | GET /notifications                      |   4  0  0   0
complete  | customer | POST /notifications/{id}/read           |   3  1  0   1
complete  | customer | GET /customizations/{id}                |   2  0  0   0
complete  | customer | GET /customizations/{id}/revisions      |   3  0  0   0
complete  | customer | GET /customizations/{id}/messages       |   4  0  0   0
complete  | designer | GET /notifications                      |  66  0  0   0
complete  | designer | POST /notifications/{id}/read           |   3  1  0   1
complete  | designer | GET /customizations/{id}                |   2  0  0   0
complete  | designer | GET /customizations/{id}/revisions      |   3  0  0   0
complete  | designer | GET /customizations/{id}/messages       |   4  0  0   0
"""
LIFECYCLE = "lifecycle: 925 reads, 85 writes, 17 deletes, 661 index entries, $0.711 per 1,000 requests"


def pinned() -> list[tuple[str, tuple[int, ...]]]:
    rows = []
    for line in PINNED.strip().splitlines():
        step, who, call, figures = (part.strip() for part in line.split("|"))
        rows.append((f"{step} | {who} | {call}", tuple(int(n) for n in figures.split())))
    return rows


@pytest.fixture(scope="module")
def measured() -> list[cost.Row]:
    return cost.measure()


def test_every_call_and_event_of_the_lifecycle_costs_what_is_pinned(measured):
    found = [(r.key, (r.reads, r.writes, r.deletes, r.entries)) for r in measured]
    assert [key for key, _ in found] == [key for key, _ in pinned()], "the calls or events changed"
    moved = [
        f"{key}: {' '.join(map(str, now))} (pinned {' '.join(map(str, then))})"
        for (key, now), (_, then) in zip(found, pinned(), strict=True)
        if any(abs(a - b) > TOLERANCE for a, b in zip(now, then, strict=True))
    ]
    assert moved == [], "reads writes deletes entries moved:\n" + "\n".join(moved)


def test_the_lifecycle_line_ends_the_report_and_is_pinned(measured):
    lines = cost.report(measured)
    assert lines[-1] == LIFECYCLE
    assert re.fullmatch(
        r"lifecycle: \d+ reads, \d+ writes, \d+ deletes, \d+ index entries, \$[\d.]+ per 1,000 requests",
        lines[-1],
    )
    assert any("cloud.google.com/firestore/pricing" in line for line in lines)  # prices name their source


def test_make_cost_writes_its_json_and_page_from_the_same_run(tmp_path, capsys):
    out, page = tmp_path / "cost.json", tmp_path / "cost.md"
    assert cost.main(["--json", str(out), "--page", str(page)]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    result = json.loads(out.read_text())
    assert printed[-1] == result["report"][-1] == LIFECYCLE
    assert LIFECYCLE in page.read_text()
    assert len(result["rows"]) == len(pinned())


def test_the_committed_result_is_what_the_code_costs_now(measured):
    committed = json.loads(pages.COST_JSON.read_text())
    assert committed["rows"] == [asdict(r) for r in measured], (
        "bench/results/cost.json is stale: run `make cost` (the baseline stays as it is)"
    )
    assert json.loads(pages.COST_BASELINE_JSON.read_text())["report"][-1].startswith("lifecycle: ")
