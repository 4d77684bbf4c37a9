"""The shared Jinja set-up: compiled templates are reused, never across a change of the template
or of the set-up they were compiled for."""

from __future__ import annotations

import jinja2
import pytest

from generator import jinja


@pytest.fixture
def compiles(monkeypatch):
    """Clears `jinja.COMPILED`; the names of the templates compiled since, one per compilation."""
    monkeypatch.setattr(jinja, "COMPILED", {})
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, *args, **kwargs):
        names.append(name)
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def test_a_template_compiles_once_for_every_environment_of_a_set_up(compiles):
    templates = {"a.md.j2": "{{ x }}!"}
    first = jinja.environment(templates, ("md.j2",), True).get_template("a.md.j2").render(x="<b>")
    again = jinja.environment(dict(templates), ("md.j2",), True).get_template("a.md.j2").render(x="<b>")
    assert first == again == "&lt;b&gt;!"
    assert compiles == ["a.md.j2"]


def test_a_changed_template_compiles_again(compiles):
    assert jinja.environment({"a.md.j2": "{{ x }}!"}, ("md.j2",), True).get_template("a.md.j2").render(x=1) == "1!"
    assert jinja.environment({"a.md.j2": "{{ x }}?"}, ("md.j2",), True).get_template("a.md.j2").render(x=1) == "1?"
    assert compiles == ["a.md.j2", "a.md.j2"]


def test_another_set_up_compiles_its_own_code(compiles):
    templates = {"a.md.j2": "{{ x }}"}
    escaped = jinja.environment(templates, ("md.j2",), True).get_template("a.md.j2").render(x="<b>")
    raw = jinja.environment(templates, ("xml.j2",), False).get_template("a.md.j2").render(x="<b>")
    assert (escaped, raw) == ("&lt;b&gt;", "<b>")
    assert compiles == ["a.md.j2", "a.md.j2"]


def test_compiled_code_kept_by_another_process_is_used(compiles):
    """What `pipeline.generate` keeps in its cache and puts back in the next run."""
    templates = {"a.md.j2": "{{ x }}!"}
    jinja.environment(templates, ("md.j2",), True).get_template("a.md.j2")
    kept = dict(jinja.COMPILED)
    jinja.COMPILED.clear()
    jinja.COMPILED.update(kept)
    assert jinja.environment(templates, ("md.j2",), True).get_template("a.md.j2").render(x=2) == "2!"
    assert compiles == ["a.md.j2"]
