import pytest
from pydantic import ValidationError

from contracts import Envelope, decode_payload
from contracts.interview import MAX_DATA_BYTES, InterviewEvent


def event(**changes: object) -> InterviewEvent:
    fields: dict[str, object] = {
        "interview_id": "iv1",
        "user_id": "u1",
        "type": "question_presented",
        "data": {"question": {"question_id": "q1"}},
        "sequence": 1,
    }
    return InterviewEvent.model_validate(fields | changes)


def test_an_interview_event_survives_the_envelope_keyed_by_its_interview() -> None:
    envelope = Envelope.wrap(event(), producer="practice")
    assert envelope.key == "iv1"
    assert decode_payload(Envelope.model_validate_json(envelope.model_dump_json())) == event()


def test_an_unknown_event_type_is_refused() -> None:
    with pytest.raises(ValidationError):
        event(type="chat_message")


def test_data_larger_than_the_bound_after_encoding_is_refused() -> None:
    with pytest.raises(ValidationError, match="bytes encoded"):
        event(data={"text": "\U0001f600" * (MAX_DATA_BYTES // 12 + 1)})


def test_an_empty_interview_id_is_refused() -> None:
    with pytest.raises(ValidationError):
        event(interview_id="")


def test_an_event_without_a_sequence_from_an_older_producer_still_decodes() -> None:
    assert (
        InterviewEvent.model_validate(
            {"interview_id": "iv1", "user_id": "u1", "type": "typing_indicator", "data": {}}
        ).sequence
        == 0
    )
