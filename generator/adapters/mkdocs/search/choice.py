"""Which search engine a site gets: Material's built-in search or Pagefind."""

from __future__ import annotations

#: Values of the plugin's `search` option.
ENGINES = ("auto", "material", "pagefind")
#: With `auto`, sites with more generated pages than this get Pagefind. Material's search ships its whole index to
#: the browser (about 36 MB, 7.8 MB gzipped, at 4,565 pages); Pagefind loads only the fragments a query needs.
PAGEFIND_ABOVE = 1_000


def choose_engine(setting: str, page_count: int) -> str:
    """'material' or 'pagefind' for a `search` setting and the number of generated pages.

    `auto` picks Pagefind when there are more than :data:`PAGEFIND_ABOVE` generated pages, else Material.
    """
    if setting not in ENGINES:
        raise ValueError(f"unknown search engine {setting!r}; expected one of {', '.join(ENGINES)}")
    if setting != "auto":
        return setting
    return "pagefind" if page_count > PAGEFIND_ABOVE else "material"
