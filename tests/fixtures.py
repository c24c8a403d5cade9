"""A small synthetic project (labelled synthetic) used by CLI and plugin tests."""

from __future__ import annotations

BIB = """% SYNTHETIC test library
@article{smith2020alliance,
  author = {Smith, Jane and Doe, John},
  title = {A synthetic study of alliance},
  journal = {Synthetic Journal},
  year = {2020},
}
"""

STUDY = """type: study
id: s1
title: Synthetic study
reference: smith2020alliance
design: qualitative interview study
excerpts_cleared: true
summary: A synthetic study [@smith2020alliance].
"""

THEME = """type: theme
id: t1
study: s1
title: Feeling heard
kind: theme
excerpts:
  - id: t1-e1
    text: Synthetic words of a patient.
    speaker: patient
    source: interview
"""

IMPLICATION = """type: implication
id: listen
statement: Listen before you advise.
audience: [therapists]
grounded_in: [t1-e1]
derived_by: editors
"""

MKDOCS_YML = """site_name: Synthetic test site
repo_url: https://example.org/team/repo
edit_uri: edit/main/docs/
theme:
  name: material
  font: false
  features: [navigation.prune, content.action.edit]
plugins:
  - findings
markdown_extensions:
  - attr_list
  - toc:
      toc_depth: 2
validation:
  links:
    anchors: warn
"""


def project_files(**overrides: str) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "mkdocs.yml": MKDOCS_YML,
        "docs/about.md": "# About\n\nA hand-written page.\n",
        "bib/library.bib": BIB,
        "findings/s1/study.yml": STUDY,
        "findings/s1/t1.yml": THEME,
        "findings/implications/listen.yml": IMPLICATION,
    }
    files.update(overrides)
    return files
