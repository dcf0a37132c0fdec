"""Reading a page's form as a browser would post it: every field with the value the page gives it
(hidden fields such as `seen`, text, the checked radio and boxes, the selected option, textareas)
and the name of its submit buttons, so a test posts what a person who only changes what they
must would post."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageForm:
    action: str
    values: dict[str, list[str]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)  # every field the form has, filled or not
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (name, value) of submits

    def data(self, changes: dict[str, str | list[str]]) -> dict[str, list[str]]:
        """The values to post: the page's own, with `changes` put in (a change to a field the
        form does not have is an error in the table, not something to post)."""
        unknown = set(changes) - self.names - {name for name, _ in self.buttons}
        assert not unknown, f"the form has no field {sorted(unknown)}: it has {sorted(self.names)}"
        posted = {name: list(values) for name, values in self.values.items()}
        for name, value in changes.items():
            posted[name] = value if isinstance(value, list) else [value]
        return posted


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self.current: PageForm | None = None
        self.textarea: str | None = None
        self.select: str | None = None
        self.first_option: str | None = None
        self.selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.current = PageForm(action=a.get("action", ""))
            self.forms.append(self.current)
            return
        form = self.current
        if form is None or ("name" not in a and tag != "option"):
            return
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button"}:
                form.buttons.append((name, a.get("value", "")))
                return
            form.names.add(name)
            if kind in {"radio", "checkbox"} and "checked" not in a:
                return
            default = "on" if kind in {"radio", "checkbox"} else ""
            form.values.setdefault(name, []).append(a.get("value", default))
        elif tag == "button" and a.get("type", "submit") == "submit":
            form.buttons.append((name, a.get("value", "")))
        elif tag == "textarea":
            form.names.add(name)
            self.textarea = name
            form.values[name] = [""]
        elif tag == "select":
            form.names.add(name)
            self.select, self.first_option, self.selected = name, None, False
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in a:
                form.values.setdefault(self.select, []).append(value)
                self.selected = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.current is not None and self.select is not None:
            if not self.selected and self.first_option is not None:
                self.current.values[self.select] = [self.first_option]
            self.select = None

    def handle_data(self, data: str) -> None:
        if self.current is not None and self.textarea is not None:
            value = (
                data[1:]
                if data.startswith("\n") and not self.current.values[self.textarea][0]
                else data
            )
            self.current.values[self.textarea][0] += value


def page_form(html: str, path: str) -> PageForm:
    """The page's own form: the post form whose action is the page (or empty), with the most
    fields (the header's sign-out form is not it)."""
    parser = _Forms()
    parser.feed(html)
    own = [form for form in parser.forms if form.action in {"", path}]
    assert own, f"no form posting to {path}"
    return max(own, key=lambda form: len(form.names))
