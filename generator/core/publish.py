"""What may appear on the public site: drafts, embargoes and consent for participant excerpts.

Hidden records are removed before rendering, together with every link to them, so a
draft leaves no page, no search entry, no mention in findings.json and no link.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Mapping

from .diagnostics import Diagnostic, Severity
from .model import Excerpt, Implication, Study, Theme

PARTICIPANT_SOURCES = ("interview", "session recording")


def build_date() -> str:
    """Today as YYYY-MM-DD, from SOURCE_DATE_EPOCH when set so builds of one commit agree."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else time.time()
    return time.strftime("%Y-%m-%d", time.gmtime(seconds))


@dataclasses.dataclass(frozen=True)
class Visible:
    studies: dict[str, Study]
    themes: dict[str, Theme]
    excerpts: dict[str, Excerpt]
    implications: dict[str, Implication]
    drafts: frozenset[str]  # ids shown only because drafts are included (marked on the page)


def visible_records(
    studies: Mapping[str, Study],
    themes: Mapping[str, Theme],
    excerpts: Mapping[str, Excerpt],
    implications: Mapping[str, Implication],
    today: str,
    include_drafts: bool,
) -> Visible:
    """Records the site shows, with links to hidden records dropped."""
    hidden: set[str] = set()
    drafts: set[str] = set()

    def hide(record_id: str, public: bool) -> None:
        if not public:
            (drafts if include_drafts else hidden).add(record_id)

    for study in studies.values():
        hide(study.id, study.publication.is_public(today))
    for theme in themes.values():
        hide(theme.id, theme.publication.is_public(today))
    for implication in implications.values():
        hide(implication.id, implication.publication.is_public(today))
    # A theme inside a hidden study or theme is hidden too (and so are its excerpts).
    changed = True
    while changed:
        changed = False
        for theme in themes.values():
            if theme.id not in hidden and (theme.study in hidden or theme.parent in hidden):
                hidden.add(theme.id)
                changed = True
    # A record that loses no link stays the very object it was read as: while previewing, an unchanged
    # file's records are then identical from one rebuild to the next, and compared at once.
    kept_themes = {tid: _without_links_to(hidden, t) for tid, t in themes.items() if tid not in hidden}
    kept_excerpts = {eid: e for eid, e in excerpts.items() if e.theme in kept_themes}
    kept_implications = {}
    for iid, implication in implications.items():
        if iid in hidden:
            continue
        grounded = tuple(g for g in implication.grounded_in if g in kept_themes or g in kept_excerpts)
        if len(grounded) != len(implication.grounded_in):
            implication = dataclasses.replace(implication, grounded_in=grounded)
        kept_implications[iid] = implication
    return Visible(
        studies={sid: s for sid, s in studies.items() if sid not in hidden},
        themes=kept_themes,
        excerpts=kept_excerpts,
        implications=kept_implications,
        drafts=frozenset(drafts),
    )


def _without_links_to(hidden: set[str], theme: Theme) -> Theme:
    relations = tuple(r for r in theme.relations if r.theme not in hidden)
    return theme if len(relations) == len(theme.relations) else dataclasses.replace(theme, relations=relations)


def consent_problems(visible: Visible) -> list[Diagnostic]:
    """Participant excerpts on the site must be cleared for publication."""
    problems = []
    for excerpt in visible.excerpts.values():
        if excerpt.source_kind not in PARTICIPANT_SOURCES:
            continue
        study = visible.studies.get(visible.themes[excerpt.theme].study)
        if study is None:
            continue  # the missing study is reported already
        cleared = excerpt.cleared if excerpt.cleared is not None else study.excerpts_cleared
        if not cleared:
            problems.append(
                Diagnostic(
                    excerpt.source,
                    f"excerpt '{excerpt.id}' is not cleared for publication",
                    Severity.ERROR,
                    "set 'excerpts_cleared: true' on the study once consent covers publication, "
                    "'cleared: true' on the excerpt, or mark the theme 'status: draft'",
                    code="consent",
                )
            )
    return problems


def hidden_link_warnings(
    implications: Mapping[str, Implication],
    themes: Mapping[str, Theme],
    excerpts: Mapping[str, Excerpt],
    visible: Visible,
) -> list[Diagnostic]:
    """Public records that point at hidden ones: the link disappears from the site."""
    problems = []
    known = set(themes) | set(excerpts)
    for implication in visible.implications.values():
        dropped = [
            g for g in implications[implication.id].grounded_in if g in known and g not in implication.grounded_in
        ]
        if dropped:
            problems.append(
                Diagnostic(
                    implication.source,
                    f"implication '{implication.id}' is grounded in unpublished record(s) {', '.join(dropped)}; "
                    "the public site leaves those links out",
                    Severity.WARNING,
                    code="publish",
                )
            )
    for theme in visible.themes.values():
        for relation in themes[theme.id].relations:
            if relation.theme in themes and relation.theme not in visible.themes:
                problems.append(
                    Diagnostic(
                        relation.source,
                        f"related theme '{relation.theme}' is not published; the public site leaves the relation out",
                        Severity.WARNING,
                        code="publish",
                    )
                )
    return problems
