"""Frozen dataclasses made without their __init__ (generator/speed/frozen.py) are the same objects."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from generator.core import model
from generator.core.diagnostics import Location
from generator.speed.frozen import maker

MODEL_CLASSES = [
    cls
    for cls in vars(model).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
]


def _values(cls: type, *, all_fields: bool) -> dict[str, object]:
    """Keyword arguments for ``cls``: every required field, and the optional ones too if ``all_fields``."""
    values: dict[str, object] = {}
    for n, f in enumerate(dataclasses.fields(cls)):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required or all_fields:
            values[f.name] = Location(f"{f.name}.yml", n + 1, 2) if f.name == "source" else f"{f.name}-{n}"
    return values


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("all_fields", [False, True])
def test_an_instance_made_by_the_maker_equals_one_made_by_the_class(cls: type, all_fields: bool) -> None:
    values = _values(cls, all_fields=all_fields)
    made: object = maker(cls)(**values)
    expected: object = cls(**values)
    assert type(made) is cls
    assert made == expected and repr(made) == repr(expected)
    assert list(vars(made).items()) == list(vars(expected).items())  # same fields, same order
    assert pickle.dumps(made) == pickle.dumps(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.x = 1  # type: ignore[attr-defined]


def test_default_factories_give_each_instance_its_own_value() -> None:
    new = maker(model.Excerpt)
    first = new(id="a", theme="t", text="x", source_kind="interview", source=Location("a.yml", 1, 1))
    second = new(id="b", theme="t", text="y", source_kind="interview", source=Location("a.yml", 2, 1))
    assert first.places == {} and first.places is not second.places


def test_missing_and_unknown_fields_are_refused_as_the_class_refuses_them() -> None:
    new = maker(model.Relation)
    with pytest.raises(TypeError):
        new(kind="supports", source=Location("a.yml"))  # no theme
    with pytest.raises(TypeError):
        new(kind="supports", theme="x", source=Location("a.yml"), colour="red")


def test_classes_it_cannot_make_the_same_way_are_given_back() -> None:
    @dataclasses.dataclass(frozen=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            if self.value < 0:
                raise ValueError("negative")

    @dataclasses.dataclass(frozen=True, slots=True)
    class Slotted:
        value: int

    @dataclasses.dataclass(frozen=True)
    class Computed:
        value: int
        double: int = dataclasses.field(init=False, default=0)

    for cls in (Checked, Slotted, Computed, int):
        assert maker(cls) is cls
