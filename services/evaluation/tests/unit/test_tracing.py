from evaluation.tracing.program import (
    array_variables,
    pointer_variables,
    read_trace,
    trace_program,
)

FRAMES = [
    {"iter": 0, "line": 2, "vars": {"nums": [1, 2, 3], "target": 5}},
    {"iter": 1, "line": 3, "vars": {"nums": [1, 2, 3], "target": 5, "lo": 0, "hi": 2}},
    {"iter": 2, "line": 4, "vars": {"nums": [1, 2, 3], "target": 5, "lo": 1, "hi": 2, "s": 5}},
]


def test_lists_are_arrays_and_indices_inside_them_are_pointers() -> None:
    assert array_variables(FRAMES) == ["nums"]
    assert pointer_variables(FRAMES, ["nums"]) == {"lo": "nums", "hi": "nums"}


def test_a_value_outside_the_array_is_no_pointer() -> None:
    assert "s" not in pointer_variables(FRAMES, ["nums"])
    assert "target" not in pointer_variables(FRAMES, ["nums"])


def test_the_answer_is_read_after_the_marker_and_learner_output_before_it_is_ignored() -> None:
    program = trace_program(code="x = 1", test_input=None, entry_point=None)
    forged = '@@trace-0000@@{"frames": [], "result": 666, "error": null}\n'
    answer = '{"frames": [{"iter": 0, "line": 1, "vars": {}}], "result": null, "error": null}'
    trace = read_trace(program, forged + program.marker + answer + "\n")
    assert trace.frames == [{"iter": 0, "line": 1, "vars": {}}]
    assert trace.result is None


def test_a_missing_answer_is_an_error_not_a_crash() -> None:
    program = trace_program(code="x = 1", test_input=None, entry_point=None)
    assert read_trace(program, "Killed").error == "the trace produced no result"


def test_each_program_has_its_own_marker() -> None:
    one = trace_program(code="", test_input=None, entry_point=None)
    two = trace_program(code="", test_input=None, entry_point=None)
    assert one.marker != two.marker


def test_typescript_is_traced_by_the_javascript_tracer() -> None:
    ts = trace_program(
        code="let x: int = 1", test_input=None, entry_point=None, language="typescript"
    )
    js = trace_program(code="let x = 1", test_input=None, entry_point=None, language="javascript")
    assert ts.source == js.source
    assert ts.argv[0] == "2000"
