"""Staff Markdown becomes safe HTML; sections carry the anchors of the rendered headings."""

import pytest

from guides.rendering import render_markdown, split_sections, to_plain_text


@pytest.mark.parametrize(
    "markdown_text",
    [
        "Bonjour <script>alert('x')</script> à tous",
        "<SCRIPT src=https://mal.example/x.js></SCRIPT>texte",
        '<img src="x" onerror="alert(1)">',
        '<a href="#" onclick="alert(1)">lien</a>',
        '<p onmouseover="alert(1)">survol</p>',
        "[cliquez](javascript:alert(1))",
        "[cliquez](JaVaScRiPt:alert(1))",
        '<a href="javascript&#58;alert(1)">encodé</a>',
        '<iframe src="https://mal.example"></iframe>',
        "<style>body{display:none}</style>",
        '<svg onload="alert(1)"></svg>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>',
    ],
)
def test_dangerous_markup_is_removed(markdown_text):
    html = render_markdown(markdown_text).html.lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "onmouseover" not in html
    assert "onload" not in html
    assert "<iframe" not in html
    assert "<style" not in html
    assert "data:text" not in html


def test_ordinary_markdown_is_kept():
    rendered = render_markdown(
        "## Les règles\n\nTexte **important** et [un lien](https://www.cnil.fr).\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n### Détail\n\n- un\n- deux\n"
    )
    assert '<h2 id="les-regles">Les règles</h2>' in rendered.html
    assert "<strong>important</strong>" in rendered.html
    assert 'href="https://www.cnil.fr"' in rendered.html
    assert 'rel="noopener noreferrer"' in rendered.html
    assert "<table>" in rendered.html
    assert [(e.anchor, e.title, e.level) for e in rendered.toc] == [
        ("les-regles", "Les règles", 2),
        ("detail", "Détail", 3),
    ]


def test_sections_share_the_page_anchors():
    body = (
        "Introduction.\n\n## Même titre\n\nUn.\n\n## Même titre\n\nDeux.\n\n"
        "```\n## pas un titre\n```\n\n### Sous-partie `code`\n\nTrois.\n"
    )
    rendered = render_markdown(body)
    sections = split_sections(body, intro_heading="La fiche")
    assert [s.anchor for s in sections] == ["", *[e.anchor for e in rendered.toc]]
    assert [s.anchor for s in sections] == ["", "meme-titre", "meme-titre_1", "sous-partie-code"]
    assert sections[0].heading == "La fiche"
    assert sections[0].text == "Introduction."
    assert "pas un titre" in sections[2].text
    for anchor in ("meme-titre", "meme-titre_1", "sous-partie-code"):
        assert f'id="{anchor}"' in rendered.html


def test_plain_text_drops_markup():
    assert to_plain_text("Un **mot** et [un lien](https://x.fr) <b>gras</b>") == (
        "Un mot et un lien gras"
    )
