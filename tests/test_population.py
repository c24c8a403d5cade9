"""Who the patient is: the population of studies and implications, validated, shown, filtered, offered."""

from __future__ import annotations

from pathlib import Path

from generator.core.project import Layout, check
from generator.core.render.pages import render_pages
from generator.core.render.population import situations, slug
from generator.speed.executor import Serial

from .sites import IMPLICATION, STUDY, project_files, write_tree

AN_IMPLICATION = IMPLICATION + (
    "moment: first sessions\npopulation:\n  conditions: [anorexia nervosa]\n  age_groups: [adults]\n"
)
OTHER = IMPLICATION.replace("id: listen", "id: other") + "moment: ruptures\n"


def build(tmp_path: Path, **files: str):  # type: ignore[no-untyped-def]
    root = write_tree(tmp_path, project_files(**files))
    return check(Layout.at(root))


def test_a_population_is_read_and_shown_on_the_implication_and_study_pages(tmp_path: Path) -> None:
    study = STUDY + "population:\n  conditions: [anorexia nervosa]\n  settings: [inpatient]\n"
    result = build(
        tmp_path,
        **{
            "findings/s1/study.yml": study,
            "findings/implications/listen.yml": AN_IMPLICATION,
            "findings/implications/other.yml": OTHER,
        },
    )
    assert result.errors == []
    assert result.corpus is not None
    pages = render_pages(result.corpus, Serial())
    assert "*Condition:* anorexia nervosa · *Age group:* adults" in pages["implications/listen.md"].markdown
    study_page = pages["studies/s1/index.md"].markdown
    assert "- **Condition:** anorexia nervosa" in study_page and "- **Setting:** inpatient" in study_page
    overview = pages["implications/index.md"].markdown
    assert 'data-condition="anorexia-nervosa" data-age="adults" data-setting="" data-phase=""' in overview
    assert '<option value="anorexia-nervosa">anorexia nervosa (1)</option>' in overview
    home = pages["index.md"].markdown
    assert "(implications/index.md?condition=anorexia-nervosa){: .fd-situation }" in home
    assert "(implications/index.md#ruptures){: .fd-situation }" in home


def test_a_wrong_age_group_is_reported_where_it_is(tmp_path: Path) -> None:
    wrong = IMPLICATION + "population:\n  age_groups: [teenagers]\n"
    result = build(tmp_path, **{"findings/implications/listen.yml": wrong})
    messages = [str(d) for d in result.errors]
    assert len(messages) == 1
    assert messages[0].startswith("findings/implications/listen.yml:8:")
    assert "teenagers" in messages[0] and "adolescents" in messages[0]


def test_situations_put_who_the_patient_is_first_and_name_a_moment_once(tmp_path: Path) -> None:
    result = build(tmp_path, **{"findings/implications/listen.yml": AN_IMPLICATION + "  phases: [first sessions]\n"})
    assert result.corpus is not None
    found = situations(result.corpus, [("First sessions", ["listen"])])
    assert [(s.label, s.query, s.anchor, s.count) for s in found] == [
        ("Anorexia nervosa", "?condition=anorexia-nervosa", "", 1),
        ("Adults", "?age=adults", "", 1),
        ("First sessions", "", "first-sessions", 1),  # the phase of the same name is not offered twice
    ]
    assert slug("Eating-disorder unit (NHS)") == "eating-disorder-unit-nhs"
