"""Every table's Markdown rendered into one HTML page for the report (rule tables_index)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from instructgen.io import read_text, write_text

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tables</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }}
th, td {{ border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; }}
th {{ background: #eee; }}
nav li {{ margin: 0.1em 0; }}
.source {{ color: #666; font-size: 0.8em; }}
</style></head><body>
<h1>Tables</h1>
{toc}
{body}
</body></html>
"""


def render_markdown(text: str) -> str:
    """Markdown (with pipe tables) to HTML; raw HTML in the source is escaped."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def main(*, tables: Sequence[str], out_html: str) -> int:
    """Every table's Markdown rendered into one HTML page (the report shows HTML inline, while
    CSV and Markdown would only be offered as downloads)."""
    toc, body = [], []
    for index, path in enumerate(sorted(tables, key=lambda p: Path(p).name)):
        anchor = f"t{index}"
        name = Path(path).stem
        toc.append(f'<li><a href="#{anchor}">{html.escape(name)}</a></li>')
        body.append(
            f'<section id="{anchor}"><p class="source">{html.escape(path)}</p>'
            f"{render_markdown(read_text(path))}</section>"
        )
    if not tables:
        body.append("<p>No tables are configured.</p>")
    toc_html = f"<nav><ul>{''.join(toc)}</ul></nav>" if toc else ""
    write_text(out_html, _PAGE.format(toc=toc_html, body="\n".join(body)))
    return len(tables)
