"""Bad input names its place: file, row (and the file line), column."""
import pytest

from analysis.core.errors import InputError, StepFailed


@pytest.mark.parametrize("where,expected", [
    ({}, "bad"),
    ({"file": "data/raw/x.csv"}, "data/raw/x.csv: bad"),
    ({"file": "data/raw/x.csv", "row": 1}, "data/raw/x.csv, row 1 (line 2): bad"),  # the header is line 1
    ({"file": "f.csv", "row": 3, "column": "mean"}, "f.csv, row 3 (line 4), column 'mean': bad"),
    ({"column": "sd"}, "column 'sd': bad"),
])
def test_input_error_names_the_place(where, expected):
    e = InputError("bad", **where)
    assert str(e) == expected and e.message == "bad"
    assert isinstance(e, ValueError)  # callers that catch ValueError see bad input too


def test_a_failed_step_is_not_bad_input():
    assert not issubclass(StepFailed, ValueError) and issubclass(StepFailed, RuntimeError)


def test_read_input_names_the_file_and_what_it_should_be(tmp_path):
    from analysis.core.errors import read_input
    (tmp_path / "a.csv").write_bytes(b"x")
    assert read_input(tmp_path / "a.csv", "a CSV file") == b"x"
    with pytest.raises(InputError, match="none.csv: file not found"):
        read_input(tmp_path / "none.csv", "a CSV file")
    with pytest.raises(InputError, match="is a directory, not a source file"):
        read_input(tmp_path, "a source file")
