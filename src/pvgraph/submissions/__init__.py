"""Submissions: a steward's data, accepted whole into the graph, or not at all.

The core of ``POST /submissions`` and ``pvgraph submit`` (the server only speaks HTTP around it):

- :func:`accept` stores a conforming submission — the quads that were validated, the files
  received (and RDF made from them: a spreadsheet's), its provenance, its entailments — in one
  all-or-nothing transaction; :func:`replace` and :func:`withdraw` act on an accepted one, for
  its submitter or an admin only (:func:`check_owner`);
- :func:`reconcile` finishes or undoes, at start-up, what a crash cut
  (:mod:`pvgraph.submissions.transaction` describes every step);
- :func:`find`, :func:`visible` and :func:`listing` read what is kept.

What "accepted" means: the submission conforms to the shapes (no violation; warnings are
kept in its report) and its data, provenance, entailments and files are all stored. There is no
review step: a conforming submission is accepted at once. Before that (a few seconds, or a
crash), and after a withdrawal, its page is private to its submitter and the admins; once
accepted, its page is public, like its data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pvgraph.errors import AuthError, ForbiddenError, NotFoundError, UserError, error
from pvgraph.loading import Document
from pvgraph.settings import Settings
from pvgraph.stewards import Steward
from pvgraph.store import Store
from pvgraph.submissions.records import (
    Record,
    SubmittedFile,
    read_record,
    read_state,
    submission_ids,
)
from pvgraph.submissions.transaction import (
    ACCEPT_STEPS,
    KILL_AT,
    WITHDRAW_STEPS,
    Reasoner,
    Reconciled,
    accept,
    reconcile,
)
from pvgraph.submissions.transaction import withdraw as _withdraw
from pvgraph.validation import ValidationReport

__all__ = [
    "ACCEPT_STEPS",
    "KILL_AT",
    "WITHDRAW_STEPS",
    "ConflictError",
    "Outcome",
    "Reasoner",
    "Reconciled",
    "Record",
    "Submission",
    "SubmittedFile",
    "accept",
    "check_owner",
    "find",
    "listing",
    "reconcile",
    "replace",
    "submissions_dir",
    "submit_documents",
    "visible",
    "withdraw",
]

Action = Literal["read", "replace", "withdraw"]


@dataclass(frozen=True)
class Submission:
    """A submission as its page shows it: its record and its phase."""

    record: Record
    phase: str
    replaced_by: str | None = None

    @property
    def public(self) -> bool:
        return self.phase == "accepted"

    def to_dict(self) -> dict[str, Any]:
        r = self.record
        body = {"id": r.id, "status": self.phase, "graph": r.graph, "who": r.who, "authority": r.authority,
                "when": r.when, "sha256": r.sha256, "files": r.files, "triples": r.triples,
                "replaces": r.replaces, "replaced_by": self.replaced_by, "report": r.report}
        return {k: v for k, v in body.items() if v is not None or k in ("authority",)}


def submissions_dir(settings: Settings) -> Path:
    """Where submissions are kept (the setting ``submissions_dir``, under ``root`` if relative)."""
    path = Path(settings.submissions_dir)
    return path if path.is_absolute() else settings.root / path


def find(directory: Path, submission_id: str) -> Submission:
    """The submission ``submission_id`` (in any phase), or :class:`NotFoundError`."""
    record = read_record(directory, submission_id)
    if record is None:
        raise error(NotFoundError, "submission.not-found", id=submission_id)
    state = read_state(directory, submission_id)
    return Submission(record, state.phase if state else record.status, state.replaced_by if state else None)


def visible(directory: Path, submission_id: str, steward: Steward | None) -> Submission:
    """The submission, if ``steward`` (None: anyone) may read it: an accepted one is public;
    otherwise only its submitter and the admins may (401 without a token, 403 with another's)."""
    submission = find(directory, submission_id)
    if not submission.public:
        check_owner(submission, steward, "read")
    return submission


def check_owner(submission: Submission, steward: Steward | None, action: Action) -> None:
    """Refuse (401, 403) anyone but the submitter and the admins."""
    if steward is None:
        raise error(AuthError, PRIVATE[action], id=submission.record.id)
    if not steward.may_act_on(submission.record.who):
        raise error(ForbiddenError, NOT_YOURS[action], id=submission.record.id,
                     owner=submission.record.who, you=steward.name)


def listing(directory: Path, steward: Steward) -> list[Submission]:
    """The submissions ``steward`` made (every one, for an admin), newest first."""
    found = [find(directory, i) for i in submission_ids(directory)]
    mine = [s for s in found if steward.may_act_on(s.record.who)]
    return sorted(mine, key=lambda s: s.record.when, reverse=True)


def withdraw(store: Store, directory: Path, submission_id: str, steward: Steward) -> Submission:
    """Withdraw an accepted submission of ``steward``'s (or any, for an admin)."""
    submission = find(directory, submission_id)
    check_owner(submission, steward, "withdraw")
    if submission.phase != "withdrawing":  # a withdrawal cut by a failure is finished
        _must_be_accepted(submission, "withdraw")
    _withdraw(store, directory, submission_id)
    return find(directory, submission_id)


def replace(store: Store, directory: Path, submission_id: str, *, quads: Any, files: list[SubmittedFile],
            report: ValidationReport, steward: Steward, reasoner: Reasoner | None = None) -> Record:
    """Accept a new submission in place of ``submission_id`` (which is then withdrawn),
    attributed to whoever sent it (an admin replacing a steward's submission is named as such)."""
    submission = find(directory, submission_id)
    check_owner(submission, steward, "replace")
    _must_be_accepted(submission, "replace")
    return accept(store, directory, quads=quads, files=files, report=report, steward=steward,
                  replaces=submission_id, reasoner=reasoner)


@dataclass(frozen=True)
class Outcome:
    """One file submitted by :func:`submit_documents`: its report, and its record if accepted."""

    name: str
    report: ValidationReport
    record: Record | None


def submit_documents(store: Store, directory: Path, documents: list[Document], *, settings: Settings,
                     steward: Steward, lang: str | None = None) -> Outcome:
    """Parse, validate (the referential looked up in ``store``) and, if they conform, accept
    ``documents`` as one submission — what ``POST /submissions`` does, for a batch import."""
    from pvgraph.loading import parse_document
    from pvgraph.validation import validate_parsed

    parsed = [parse_document(d) for d in documents]
    report = validate_parsed(parsed, settings=settings, lang=lang, referential=store, use_store=False)
    name = ", ".join(d.name for d in documents)
    if not report.conforms:
        return Outcome(name, report, None)
    files = [SubmittedFile(d.name, d.data, media_type=d.format.media_type, format=d.format.name)
             for d in documents]
    record = accept(store, directory, quads=[q for p in parsed for q in p.quads], files=files,
                    report=report, steward=steward)
    return Outcome(name, report, record)


def _must_be_accepted(submission: Submission, action: Literal["replace", "withdraw"]) -> None:
    if submission.phase != "accepted":
        raise error(ConflictError, NOT_ACCEPTED[action], id=submission.record.id, phase=submission.phase)


class ConflictError(UserError):
    """An action on a submission in a phase that does not allow it (withdrawn already…)."""

    http_status = 409
    code = "conflict"


# The refusals of each action on a submission, by their key in the one catalogue (pvgraph.messages).
PRIVATE = {"read": "submission.private-read", "replace": "submission.private-replace",
           "withdraw": "submission.private-withdraw"}
NOT_YOURS = {"read": "submission.not-yours-read", "replace": "submission.not-yours-replace",
             "withdraw": "submission.not-yours-withdraw"}
NOT_ACCEPTED = {"replace": "submission.not-accepted-replace", "withdraw": "submission.not-accepted-withdraw"}
