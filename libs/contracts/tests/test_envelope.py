import pytest

from contracts import Envelope, UnknownEventError, decode_payload
from contracts.practice import CodeProblemSpec, ExecutionSpec, SubmissionCreated, TestSpec


def submission() -> SubmissionCreated:
    return SubmissionCreated(
        submission_id="s1",
        attempt_id="a1",
        user_id="u1",
        language="python",
        code="x = 1",
        problem=CodeProblemSpec(
            problem_id="p1",
            execution=ExecutionSpec(mode="stdio"),
            tests=(TestSpec(input="1", expected_output="1"),),
        ),
    )


def test_an_event_survives_the_envelope_round_trip() -> None:
    envelope = Envelope.wrap(submission(), producer="practice")
    decoded = decode_payload(Envelope.model_validate_json(envelope.model_dump_json()))
    assert decoded == submission()
    assert envelope.key == "s1"
    assert envelope.event_type == "practice.submission_created"


def test_an_unknown_event_version_is_refused() -> None:
    envelope = Envelope.wrap(submission(), producer="practice").model_copy(
        update={"event_version": 99}
    )
    with pytest.raises(UnknownEventError):
        decode_payload(envelope)
