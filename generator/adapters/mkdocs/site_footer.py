"""The footer of every page names who stands behind the site (MkDocs adapter side).

Material's `partials/copyright.html` is replaced by one that adds the core's footer line
(editors, last review, licence, version and build date, a link to the About page) above
Material's own. A site whose custom_dir has its own `partials/copyright.html` keeps it.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from ...core.model import SiteInfo
from ...core.publish import build_date
from ...core.render.site_info import BASE, footer_html

TEMPLATE = "partials/copyright.html"
OVERRIDE = """<div class="md-copyright">
  {% if config.copyright %}
    <div class="md-copyright__highlight">
      {{ config.copyright }}
    </div>
  {% endif %}
  <p class="fd-site-footer">{{ findings_footer | replace(findings_footer_base, base_url.rstrip("/") ~ "/") }}</p>
  {% if not config.extra.generator == false %}
    Made with
    <a href="https://squidfunk.github.io/mkdocs-material/" target="_blank" rel="noopener">
      Material for MkDocs
    </a>
  {% endif %}
</div>
"""


def material_copyright(config: MkDocsConfig) -> bool:
    """Whether the footer partial in use is Material's own (not another theme's, not the site's)."""
    if config.theme.name != "material":
        return False
    own = [Path(d) for d in config.theme.dirs if (Path(d) / TEMPLATE).is_file()]
    return bool(own) and own[0].parent.name == "material" and own[0].name == "templates"


def install(env: jinja2.Environment, config: MkDocsConfig, footer: str) -> jinja2.Environment:
    """Let the theme's footer show ``footer`` (HTML from `render.site_info.footer_html`)."""
    if not footer or not material_copyright(config):
        return env
    env.loader = jinja2.ChoiceLoader(
        [jinja2.DictLoader({TEMPLATE: OVERRIDE}), *([env.loader] if env.loader is not None else [])]
    )
    env.globals["findings_footer"] = footer
    env.globals["findings_footer_base"] = BASE
    return env


def footer_for(site_record: SiteInfo | None, prefix: str, config: MkDocsConfig) -> str:
    """The footer line of a site record, linking to the About page where MkDocs puts it."""
    about = File(
        prefix + "/about-this-site.md" if prefix else "about-this-site.md", None, "", config.use_directory_urls
    )
    return footer_html(site_record, build_date(), about.url)
