"""Notebook parameters: declared, typed and checked before a kernel starts."""
import pytest

from analysis.build.runs import notebook_defaults
from analysis.core.config import current
from analysis.core.errors import InputError
from analysis.data import params


@pytest.mark.parametrize("notebook", sorted(params.SPECS))
def test_the_notebook_defaults_are_valid(notebook):
    assert params.validate(notebook, **notebook_defaults(notebook)) == notebook_defaults(notebook)


@pytest.mark.parametrize("path", sorted(current().params.glob("*.yaml")), ids=lambda p: p.name)
def test_every_committed_parameter_file_is_valid(path):
    notebook = "cross_city" if path.stem == "cross_city" else "study"
    assert params.validate(notebook, **{**notebook_defaults(notebook), **params.load_yaml(path)})


@pytest.mark.parametrize("change,message", [
    ({"colour": "red"}, r"unknown parameter\(s\) \['colour'\]"),
    ({"alpha": 1}, "expected float, got int 1"),          # an int is not a float: 1 is not 0.01
    ({"alpha": True}, "expected float, got bool"),
    ({"alpha": 0.0}, "0.0 is not allowed; expected 0 < alpha < 1"),
    ({"tolerance": 1.0}, "not allowed"),
    ({"rounding": "bankers"}, "not allowed"),
    ({"study": "atlantis"}, "'atlantis' is not allowed"),
])
def test_bad_study_parameters_name_the_parameter(change, message):
    with pytest.raises(InputError, match=message):
        params.validate("study", **{**notebook_defaults("study"), **change})


def test_a_missing_parameter_is_named():
    values = notebook_defaults("cross_city")
    del values["seed"]
    with pytest.raises(InputError, match=r"missing parameter\(s\) \['seed'\]"):
        params.validate("cross_city", **values)
    with pytest.raises(InputError, match="expected int, got bool"):
        params.validate("cross_city", **{**notebook_defaults("cross_city"), "seed": True})


def test_every_parameter_is_documented():
    for notebook, spec in params.SPECS.items():
        for name, p in spec.items():
            assert p.help and p.allowed and p.type in (str, int, float, bool), (notebook, name)


@pytest.mark.parametrize("text,value", [("0.01", 0.01), ("5", 5), ("welch", "welch"), ("true", True)])
def test_cli_values_are_read_as_yaml_scalars(text, value):
    assert params.parse_cli_value(text) == value and type(params.parse_cli_value(text)) is type(value)


@pytest.mark.parametrize("content,message", [(b"- a\n", "a parameter file is a mapping"),
                                             (b"alpha: [0.1\n", "not valid YAML at line"),
                                             (b"study: \xff\n", "not UTF-8")])
def test_bad_parameter_files_name_the_file(tmp_path, content, message):
    p = tmp_path / "p.yaml"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message):
        params.load_yaml(p)


def test_an_empty_file_has_no_parameters_and_a_missing_one_is_named(tmp_path):
    (tmp_path / "empty.yaml").write_text("")
    assert params.load_yaml(tmp_path / "empty.yaml") == {}
    with pytest.raises(InputError, match="parameter file not found"):
        params.load_yaml(tmp_path / "none.yaml")


def test_yaml_aliases_and_deep_nesting_are_refused_before_they_expand(tmp_path):
    # issue 19: a 450-byte alias bomb took 3.2 GB and printed 800 MB; deep nesting ended in a RecursionError
    import tracemalloc

    from analysis.core.errors import InputError
    from analysis.data.params import MAX_YAML_DEPTH, load_yaml
    bomb = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    (tmp_path / "bomb.yaml").write_text(bomb)
    tracemalloc.start()
    with pytest.raises(InputError, match=r"line 2, column \d+: an alias \(\*a\) is not allowed") as caught:
        load_yaml(tmp_path / "bomb.yaml")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5_000_000 and len(str(caught.value)) < 200
    (tmp_path / "deep.yaml").write_text("study: " + "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1))
    with pytest.raises(InputError, match=f"nested deeper than {MAX_YAML_DEPTH} levels"):
        load_yaml(tmp_path / "deep.yaml")
    (tmp_path / "ok.yaml").write_text("study: &s zigong_hf_alliance\n")  # an anchor without an alias is harmless
    assert load_yaml(tmp_path / "ok.yaml") == {"study": "zigong_hf_alliance"}


@pytest.mark.parametrize("name, ok", [("zigong_hf_alliance", True), ("cross_city", False), ("index", False),
                                      ("a_trails", False), ("Upper", False), ("ab", False), ("abc\n", False)])
def test_report_names_never_collide_with_another_page(name, ok):
    from analysis.core.errors import InputError
    from analysis.data.params import check_report_name
    if ok:
        check_report_name(name)
    else:
        with pytest.raises(InputError):
            check_report_name(name)
    check_report_name("cross_city", study=False)  # the cross-city report's own parameter file
