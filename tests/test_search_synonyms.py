"""What search knows beyond a page's words: abbreviations, synonyms, who a page is about, which pages come first."""

from __future__ import annotations

import json
from typing import Any

from generator.adapters.mkdocs.search import plan_search
from generator.adapters.mkdocs.search.synonyms import BOOSTS, expansions, pagefind_marks, tune_material_index
from generator.core.project import Layout, check
from generator.core.render.kinds import Page
from generator.core.render.pages import Renderer, RenderOptions

from .conftest import REPO


def corpus() -> Any:
    found = check(Layout.at(REPO)).corpus
    assert found is not None
    return found


def unrendered_pages(found: Any) -> dict[str, Page]:
    """The site's pages with their kinds, without their Markdown: all Material's index needs of them."""
    return {job.path: job.page("", (), ()) for job in Renderer(found, RenderOptions()).jobs()}


def test_abbreviations_and_synonyms_expand_both_ways() -> None:
    rules = expansions(corpus())
    assert rules.words_for("Patients with anorexia nervosa") == "AN eating disorder"
    assert rules.words_for("patients with AN and an alliance").startswith("anorexia nervosa")
    assert rules.words_for("an alliance") == ""  # the article is not the abbreviation
    assert "disclose" in rules.words_for("self-disclosure of affection").split()
    assert rules.stop_word_abbreviations  # 'AN' is one of lunr's stop words


def test_material_index_ranks_implications_first_keeps_stop_words_and_knows_topics() -> None:
    index: dict[str, Any] = {
        "config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"], "fields": {}},
        "docs": [
            {"location": "implications/disclose-affection-in-an/", "title": "Consider", "text": "<p>With AN.</p>"},
            {"location": "implications/disclose-affection-in-an/#why", "title": "Why", "text": "x"},
            {"location": "studies/lavik-2018/lavik-2018-client-perspective/", "title": "T", "text": ""},
            {"location": "references/", "title": "References", "text": "anorexia nervosa"},
            {"location": "guide/", "title": "Guide", "text": ""},
        ],
    }
    found = corpus()
    tuned = tune_material_index(index, found, unrendered_pages(found))
    assert tuned["config"]["pipeline"] == []
    assert tuned["config"]["fields"]["topic"] == {"boost": 1e3}
    implication, why, theme, references, guide = tuned["docs"]
    assert implication["boost"] == BOOSTS["implication"] > theme["boost"] > references["boost"]
    assert implication["topic"] == "anorexia nervosa AN" and "topic" not in why
    assert implication["synonyms"].startswith("anorexia nervosa")
    assert references["synonyms"] == "AN eating disorder"
    assert "boost" not in guide  # a hand-written page ranks as Material ranks it


def test_pagefind_gets_the_topic_weighted_and_the_synonyms_as_hidden_text() -> None:
    marks = pagefind_marks(expansions(corpus()), "anorexia nervosa AN", "<p>self-disclosure</p>")
    assert marks == '<span hidden data-pagefind-weight="10">anorexia nervosa AN</span><span hidden>disclose</span>'


def test_pagefind_search_box_gets_the_abbreviations() -> None:
    found = corpus()
    plan = plan_search("pagefind", unrendered_pages(found), found)
    assert json.loads(plan.data_files()["assets/findings-search-terms.json"]) == {
        "AN": "anorexia nervosa",
        "IPR": "interpersonal process recall",
    }
    assert plan.topics["implications/disclose-affection-in-an.md"] == "anorexia nervosa AN"
    assert plan_search("material", unrendered_pages(found), found).data_files() == {}
