"""The life of one booking attempt.

``requested → checking → submitting → booked | pending_confirmation | failed``; ``checking`` may end in
``blocked`` (a guardrail said no; nothing was sent) or, for a dry run, ``dry_run_passed``. Once an attempt
is ``submitting`` something may have reached the provider, so any interruption makes it
``outcome_unknown``, which only reconciliation leaves (``booked`` or ``needs_review``) — never a resubmit.
"""

from __future__ import annotations

from enum import StrEnum


class BookingState(StrEnum):
    REQUESTED = "requested"
    CHECKING = "checking"
    SUBMITTING = "submitting"
    BOOKED = "booked"
    PENDING_CONFIRMATION = "pending_confirmation"
    FAILED = "failed"
    DRY_RUN_PASSED = "dry_run_passed"
    BLOCKED = "blocked"
    OUTCOME_UNKNOWN = "outcome_unknown"
    NEEDS_REVIEW = "needs_review"


TERMINAL = frozenset(
    {
        BookingState.BOOKED,
        BookingState.PENDING_CONFIRMATION,
        BookingState.FAILED,
        BookingState.DRY_RUN_PASSED,
        BookingState.BLOCKED,
        BookingState.NEEDS_REVIEW,
    }
)
# A real (not dry-run) attempt in these states holds the lead's meeting and the team's time.
LIVE = frozenset(
    {
        BookingState.REQUESTED,
        BookingState.CHECKING,
        BookingState.SUBMITTING,
        BookingState.OUTCOME_UNKNOWN,
        BookingState.BOOKED,
        BookingState.PENDING_CONFIRMATION,
    }
)
# Ended without sending anything the provider kept: a new attempt for the same time may follow.
RETRYABLE_ENDS = frozenset({BookingState.BLOCKED, BookingState.FAILED})
# Whether anything was (or may have been) sent: from here on, the attempt is never run again blindly.
SENT = frozenset(
    {
        BookingState.SUBMITTING,
        BookingState.OUTCOME_UNKNOWN,
        BookingState.BOOKED,
        BookingState.PENDING_CONFIRMATION,
        BookingState.NEEDS_REVIEW,
    }
)

_MOVES: dict[BookingState, frozenset[BookingState]] = {
    BookingState.REQUESTED: frozenset({BookingState.CHECKING, BookingState.BLOCKED, BookingState.FAILED}),
    BookingState.CHECKING: frozenset(
        {
            BookingState.CHECKING,  # a worker that died while checking: the next one checks again
            BookingState.SUBMITTING,
            BookingState.BLOCKED,
            BookingState.DRY_RUN_PASSED,
            BookingState.FAILED,
            BookingState.NEEDS_REVIEW,
        }
    ),
    BookingState.SUBMITTING: frozenset(
        {
            BookingState.BOOKED,
            BookingState.PENDING_CONFIRMATION,
            BookingState.FAILED,
            BookingState.OUTCOME_UNKNOWN,
            BookingState.NEEDS_REVIEW,
        }
    ),
    BookingState.OUTCOME_UNKNOWN: frozenset({BookingState.BOOKED, BookingState.NEEDS_REVIEW}),
    BookingState.PENDING_CONFIRMATION: frozenset({BookingState.BOOKED}),
    BookingState.NEEDS_REVIEW: frozenset({BookingState.BOOKED}),
}


def can_move(current: BookingState, target: BookingState) -> bool:
    """Whether an attempt in ``current`` may become ``target`` (a confirmation may still close
    ``pending_confirmation`` and ``needs_review`` as booked)."""
    return target in _MOVES.get(current, frozenset())


class IllegalMove(Exception):
    """A state change the rules above forbid: a bug, never something to paper over."""


def check_move(current: BookingState, target: BookingState) -> None:
    if not can_move(current, target):
        raise IllegalMove(f"a booking cannot go from {current} to {target}")
