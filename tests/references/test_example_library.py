"""The example site's library formats to correct APA 7 without inventing fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.references import load_library

from .conftest import REPO

EXPECTED = {
    "levari2023facilitators": (
        "Lev Ari, H. S., Gur, E., Lotan-Wohl, M., Bernstein, Z. L., & Tuval-Mashiach, R. (2023). Facilitators and "
        "obstacles to therapeutic alliance among patients with anorexia nervosa: A qualitative dyadic research. "
        "Counselling and Psychotherapy Research. https://doi.org/10.1002/capr.12617",
        "(Lev Ari et al., 2023)",
    ),
    "lavik2018first": (
        "Lavik, K. O., Frøysa, H., Brattebø, K. F., McLeod, J., & Moltu, C. (2018). The first sessions of "
        "psychotherapy: A qualitative meta-analysis of alliance formation processes. Journal of Psychotherapy "
        "Integration. https://doi.org/10.1037/int0000101",
        "(Lavik, Frøysa, et al., 2018)",
    ),
    "lavik2018what": (
        "Lavik, K. O., Veseth, M., Frøysa, H., Binder, P.-E., & Moltu, C. (2018). What are “good outcomes” for "
        "adolescents in public mental health settings? International Journal of Mental Health Systems, 12, "
        "Article 3. https://doi.org/10.1186/s13033-018-0183-5",
        "(Lavik, Veseth, et al., 2018)",
    ),
    "lavik2022relationship": (
        "Lavik, K. O., McAleavey, A. A., Kvendseth, E. K., & Moltu, C. (2022). Relationship and alliance formation "
        "processes in psychotherapy: A dual-perspective qualitative study. Frontiers in Psychology, 13, Article "
        "915932. https://doi.org/10.3389/fpsyg.2022.915932",
        "(Lavik et al., 2022)",
    ),
    "lavik2024searching": (
        "Lavik, K. O., Råbu, M., & Moltu, C. (2024). Searching for solidness: A dyadic micro-process study of early "
        "relationship formation. Journal of Contemporary Psychotherapy. https://doi.org/10.1007/s10879-024-09655-5",
        "(Lavik et al., 2024)",
    ),
    "kleiven2020opening": (
        "Kleiven, G. S., Hjeltnes, A., Råbu, M., & Moltu, C. (2020). Opening up: Clients' inner struggles in the "
        "initial phase of therapy. Frontiers in Psychology, 11, Article 591146. "
        "https://doi.org/10.3389/fpsyg.2020.591146",
        "(Kleiven et al., 2020)",
    ),
    "rabu2020people": (
        "Råbu, M., & Moltu, C. (2020). People engaging each other: A dual-perspective study of interpersonal "
        "processes in useful therapy. Journal of Contemporary Psychotherapy.",
        "(Råbu & Moltu, 2020)",
    ),
    "sly2014rules": (
        "Sly, R., Morgan, J. F., Mountford, V. A., Sawer, F., Evans, C., & Lacey, J. H. (2014). Rules of engagement: "
        "Qualitative experiences of therapeutic alliance when receiving in-patient treatment for anorexia nervosa. "
        "Eating Disorders, 22(3), 233–243. https://doi.org/10.1080/10640266.2013.867742",
        "(Sly et al., 2014)",
    ),
    "stilesshields2016predictors": (
        "Stiles-Shields, C., Bamford, B. H., Touyz, S., Le Grange, D., Hay, P., & Lacey, H. (2016). Predictors of "
        "therapeutic alliance in two treatments for adults with severe and enduring anorexia nervosa. Journal of "
        "Eating Disorders, 4, Article 13. https://doi.org/10.1186/s40337-016-0102-6",
        "(Stiles-Shields et al., 2016)",
    ),
    "elranbarak2024therapeutic": (
        "Elran-Barak, R., Grundman-Shem Tov, R., Zubery, E., & Lewis, Y. D. (2024). Therapeutic alliance with "
        "psychotherapist versus dietician: A pilot study of eating disorder treatment in a multidisciplinary team "
        "during the COVID-19 pandemic. Frontiers in Psychiatry, Article 1267676. "
        "https://doi.org/10.3389/fpsyt.2023.1267676",
        "(Elran-Barak et al., 2024)",
    ),
    "sibeoni2017metasynthesis": (
        "Sibeoni, J., Orri, M., Valentin, M., Podlipski, M.-A., Colin, S., Pradere, J., & Revah-Levy, A. (2017). "
        "Metasynthesis of the views about treatment of anorexia nervosa in adolescents: Perspectives of "
        "adolescents, parents, and professionals. PLOS ONE, 12(1), Article e0169493. "
        "https://doi.org/10.1371/journal.pone.0169493",
        "(Sibeoni et al., 2017)",
    ),
    "albano2024systematic": (
        "Albano, G., Teti, A., Scrò, A., Bonfanti, R. C., Fortunato, L., & Lo Coco, G. (2024). A systematic review "
        "on the role of therapist characteristics in the treatment of eating disorders. Research in Psychotherapy: "
        "Psychopathology, Process and Outcome. https://doi.org/10.4081/ripppo.2024.750",
        "(Albano et al., 2024)",
    ),
    "cripps2024processes": (
        "Cripps, S., Serpell, L., & Pugh, M. (2024). Processes of change in family therapies for anorexia nervosa: "
        "A systematic review and meta-synthesis of qualitative data. Journal of Eating Disorders, (1). "
        "https://doi.org/10.1186/s40337-024-01037-5",
        "(Cripps et al., 2024)",
    ),
    "levitt2016qualitative": (
        "Levitt, H. M., Pomerville, A., & Surace, F. I. (2016). A qualitative meta-analysis examining clients' "
        "experiences of psychotherapy: A new agenda. Psychological Bulletin, 142(8), 801–830. "
        "https://doi.org/10.1037/bul0000057",
        "(Levitt et al., 2016)",
    ),
    "binder2011meeting": (
        "Binder, P.-E., Moltu, C., Hummelsund, D., Sagen, S. H., & Holgersen, H. (2011). Meeting an adult ally on "
        "the way out into the world: Adolescent patients' experiences of useful psychotherapeutic ways of working at "
        "an age when independence really matters. Psychotherapy Research, 21(5), 554–566. "
        "https://doi.org/10.1080/10503307.2011.587471",
        "(Binder et al., 2011)",
    ),
    "fitzpatrick2009client": (
        "Fitzpatrick, M. R., Janzen, J., Chamodraka, M., Gamberg, S., & Blake, E. (2009). Client relationship "
        "incidents in early therapy: Doorways to collaborative engagement. Psychotherapy Research, 19(6), 654–665. "
        "https://doi.org/10.1080/10503300902878235",
        "(Fitzpatrick et al., 2009)",
    ),
}


def _example_bib() -> Path:
    for candidate in (REPO / "bib" / "example.bib", REPO / ".." / "shared" / "example-sources" / "example.bib"):
        if candidate.exists():
            return candidate
    pytest.skip("example.bib is not here (neither bib/ nor ../shared/example-sources/)")


def test_example_library_apa() -> None:
    library, diags = load_library([_example_bib()])
    assert diags == []
    assert set(library.entries) == set(EXPECTED)
    for key, (reference, citation) in EXPECTED.items():
        ref = library.entries[key]
        assert (ref.text, ref.citation) == (reference, citation), key


def test_example_markdown_marks_journal_and_volume() -> None:
    library, _ = load_library([_example_bib()])
    assert library.entries["sly2014rules"].markdown.endswith(
        "*Eating Disorders*, *22*(3), 233–243. "
        "[https://doi.org/10.1080/10640266.2013.867742](https://doi.org/10.1080/10640266.2013.867742)"
    )
