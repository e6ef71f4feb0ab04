"""The code checks on a model's rewrite, one rule at a time."""

from __future__ import annotations

from mailagent.dialogue.reply_check import check_rewrite, quoted_lines, url_hosts

DRAFT = "Hi Ken,\nCould you say more about Terraform?\n> - Wrote the Terraform modules.\n"
NONE: frozenset[str] = frozenset()


def test_the_docstring_example() -> None:
    rewrite = (
        "Thanks! Could you expand on Terraform? Mail ceo@x.com\n> - Wrote the Terraform modules."
    )

    assert check_rewrite(draft=DRAFT, rewrite=rewrite, allowed_url_hosts=NONE) == [
        "new email address: ceo@x.com"
    ]


def test_addresses_and_markup_already_in_the_draft_are_not_new() -> None:
    draft = "Lena Brandt <lena.brandt@example.com> asked:\n> - Wrote the Terraform modules.\n"
    rewrite = "Lena Brandt <LENA.BRANDT@example.com> wonders:\n> - Wrote the Terraform modules."

    assert check_rewrite(draft=draft, rewrite=rewrite, allowed_url_hosts=NONE) == [
        "contains HTML",
        "contains a Markdown link",
    ]
    same = "Lena Brandt <lena.brandt@example.com> wonders:\n> - Wrote the Terraform modules."
    assert check_rewrite(draft=draft, rewrite=same, allowed_url_hosts=NONE) == []


def test_url_hosts_must_be_allowed_or_in_the_draft() -> None:
    allowed = frozenset({"example.com"})
    base = "Could you say more?\n> - Wrote the Terraform modules.\n"

    def problems(extra: str, draft: str = DRAFT) -> list[str]:
        return check_rewrite(draft=draft, rewrite=base + extra, allowed_url_hosts=allowed)

    assert problems("https://jobs.example.com/x") == []
    assert problems("https://example.com.evil.io/x") == [
        "URL host not allowed: example.com.evil.io"
    ]
    assert problems("//evil.io/x") == ["URL host not allowed: evil.io"]
    assert problems("ftp://files.evil.io") == ["URL host not allowed: files.evil.io"]
    assert problems("https://wiki.acme.org/r2", draft=DRAFT + "https://wiki.acme.org/r2\n") == []


def test_entities_and_length() -> None:
    assert check_rewrite(draft=DRAFT, rewrite=DRAFT + "&nbsp;", allowed_url_hosts=NONE) == [
        "contains HTML"
    ]
    [problem] = check_rewrite(draft=DRAFT, rewrite=DRAFT * 3, allowed_url_hosts=NONE)
    assert problem.startswith("too long")


def test_helpers() -> None:
    assert url_hosts("see https://Jobs.Example.com/x and www.acme.org.") == {
        "jobs.example.com",
        "www.acme.org",
    }
    assert quoted_lines("a\n> b  \n>c\n") == ["> b"]
