"""Pages read and forms submitted the way a browser without JavaScript does, over Django's test client.

A `ClientPage` offers the few Playwright calls that form-driven journeys use (`goto`, `click`, `fill`, `select_option`,
`locator(...).check()`, `get_attribute`, `inner_text`, `count`), so that one journey can run in Chromium (where the
page's script, styles and CSP are checked too) and here, a few times faster, when what it checks is the server's
pages and forms. The HTML is read by the standard library's parser into an ElementTree (the pages are Django's
well-formed templates; void elements and the implied ends of `<p>`, `<li>`, `<option>`, table rows and cells are
handled) and queried with cssselect2 (installed with WeasyPrint), so the selectors are the browser's CSS selectors.

Submitting follows the HTML form-submission rules for what these pages hold: the submitter's name and value, every
named enabled control of the form (`form="…"` owners included), checkboxes and radios only when checked (value "on"
by default), each selected option, textareas' text; file inputs are sent empty. A redirect is followed like a
browser's navigation; the status returned is the POST's own.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, SubElement

import cssselect2

UNSENT_INPUTS = {"submit", "button", "image", "reset", "file"}


class ClientPage:
    """One person's tab: a logged-in `django.test.Client` and the page it shows now."""

    def __init__(self, client):
        self.client = client
        self.url = ""
        self.status = 0
        self._root: cssselect2.ElementWrapper | None = None
        self._elements: list[cssselect2.ElementWrapper] = []  # the page's elements in document order

    # --- navigation ------------------------------------------------------------------------------------------------
    def goto(self, url: str, **_ignored) -> ClientPage:
        return self._show(self.client.get(url), url)

    def _show(self, response, url: str) -> ClientPage:
        while response.status_code in (301, 302, 303, 307, 308):  # what the browser does with a redirect
            url = urljoin(url, response["Location"])
            response = self.client.get(url)
        self.url, self.status = url, response.status_code
        self._root = cssselect2.ElementWrapper.from_html_root(
            parse(response.content.decode(response.charset or "utf-8"))
        )
        self._elements = list(self._root.iter_subtree())
        return self

    @property
    def root(self) -> cssselect2.ElementWrapper:
        assert self._root is not None, "no page is open: call goto() first"
        return self._root

    def query_all(self, selector: str, scope: cssselect2.ElementWrapper | None = None) -> list:
        """The elements matching `selector`, in document order (within `scope` when given)."""
        if scope is not None and scope.etree_element is not self.root.etree_element:
            return list(scope.query_all(selector))
        return [wrapper for wrapper in self._elements if _compiled(selector)(wrapper)]

    # --- Playwright's page shortcuts ---------------------------------------------------------------------------------
    def locator(self, selector: str) -> ClientLocator:
        return ClientLocator(self, None, selector)

    def click(self, selector: str):
        return self.locator(selector).click()

    def fill(self, selector: str, value: str) -> None:
        self.locator(selector).fill(value)

    def select_option(self, selector: str, value: str) -> None:
        self.locator(selector).select_option(value)

    def check(self, selector: str) -> None:
        self.locator(selector).check()

    def submit(self, button) -> _Posted:
        """Click a form's submit button (a selector or a locator) and return the POST's status, like
        `tests.browser.sessions.post`."""
        locator = self.locator(button) if isinstance(button, str) else button
        return locator.click()

    # --- forms -----------------------------------------------------------------------------------------------------
    def _form_of(self, control: cssselect2.ElementWrapper) -> cssselect2.ElementWrapper:
        owner = control.etree_element.get("form")
        if owner:
            return self._one(f"form[id='{owner}']", None)
        for ancestor in control.ancestors:
            if ancestor.etree_element.tag == "form":
                return ancestor
        raise AssertionError(f"{_describe(control)} is not in a form")

    def _controls(self, form: cssselect2.ElementWrapper) -> list[Element]:
        form_id = form.etree_element.get("id")
        owned = [w for w in self.query_all("input, select, textarea") if self._owned_by(w, form, form_id)]
        return [w.etree_element for w in owned]

    @staticmethod
    def _owned_by(control, form, form_id) -> bool:
        owner = control.etree_element.get("form")
        if owner is not None:
            return owner == form_id
        return any(a.etree_element is form.etree_element for a in control.ancestors)

    def _submit(self, submitter: cssselect2.ElementWrapper) -> _Posted:
        form = self._form_of(submitter)
        data: dict[str, list[str]] = {}
        for element in self._controls(form):
            for name, value in _values(element):
                data.setdefault(name, []).append(value)
        button = submitter.etree_element
        if button.get("name"):
            data.setdefault(button.get("name"), []).append(button.get("value", ""))
        action = urljoin(self.url, button.get("formaction") or form.etree_element.get("action") or self.url)
        method = (button.get("formmethod") or form.etree_element.get("method") or "get").lower()
        # Django's client posts multipart, like enctype="multipart/form-data"
        response = self.client.post(action, data) if method == "post" else self.client.get(action, data)
        status = response.status_code
        self._show(response, action)
        return _Posted(status)

    def _one(self, selector: str, scope: cssselect2.ElementWrapper | None) -> cssselect2.ElementWrapper:
        found = self.query_all(selector, scope)
        assert len(found) == 1, f"{selector!r} matches {len(found)} elements on {self.url}, not one"
        return found[0]


class _Posted:
    """What `post()` returns in the browser: the response's status."""

    def __init__(self, status: int):
        self.status = status


class ClientLocator:
    """Elements found by a CSS selector, within those of a parent locator (Playwright's Locator, in part)."""

    def __init__(self, page: ClientPage, parent: ClientLocator | None, selector: str, element=None):
        self.page, self.parent, self.selector, self._element = page, parent, selector, element

    def _elements(self) -> list[cssselect2.ElementWrapper]:
        if self._element is not None:
            return [self._element]
        if self.parent is None:
            return self.page.query_all(self.selector)
        found, seen = [], set()
        for scope in self.parent._elements():
            for wrapper in self.page.query_all(self.selector, scope):
                if id(wrapper.etree_element) not in seen:
                    seen.add(id(wrapper.etree_element))
                    found.append(wrapper)
        return found

    def _single(self) -> cssselect2.ElementWrapper:
        found = self._elements()
        assert len(found) == 1, f"{self.selector!r} matches {len(found)} elements on {self.page.url}, not one"
        return found[0]

    def locator(self, selector: str) -> ClientLocator:
        return ClientLocator(self.page, self, selector)

    def count(self) -> int:
        return len(self._elements())

    def all(self) -> list[ClientLocator]:
        return [ClientLocator(self.page, None, self.selector, element) for element in self._elements()]

    def get_attribute(self, name: str) -> str | None:
        return self._single().etree_element.get(name)

    def inner_text(self) -> str:
        return _text(self._single().etree_element)

    def all_inner_texts(self) -> list[str]:
        return [_text(wrapper.etree_element) for wrapper in self._elements()]

    def fill(self, value: str) -> None:
        element = self._single().etree_element
        if element.tag == "textarea":
            element.text = value
        else:
            assert element.tag == "input", f"cannot fill a <{element.tag}>"
            element.set("value", value)

    def check(self) -> None:
        wrapper = self._single()
        element = wrapper.etree_element
        assert element.get("type") in ("checkbox", "radio"), f"{_describe(wrapper)} is not a checkbox or radio"
        if element.get("type") == "radio":  # checking a radio unchecks the others of its group
            form = self.page._form_of(wrapper)
            for other in self.page._controls(form):
                if other.get("type") == "radio" and other.get("name") == element.get("name"):
                    other.attrib.pop("checked", None)
        element.set("checked", "")

    def uncheck(self) -> None:
        self._single().etree_element.attrib.pop("checked", None)

    def select_option(self, value: str) -> None:
        element = self._single().etree_element
        assert element.tag == "select", f"cannot select in a <{element.tag}>"
        options = list(element.iter("option"))
        assert any(_option_value(o) == value for o in options), f"no option {value!r} in <select {element.attrib}>"
        for option in options:
            if _option_value(option) == value:
                option.set("selected", "")
            elif element.get("multiple") is None:
                option.attrib.pop("selected", None)

    def click(self):
        wrapper = self._single()
        element = wrapper.etree_element
        if element.tag == "a":
            return self.page.goto(urljoin(self.page.url, element.get("href")))
        kind = element.get("type", "submit" if element.tag == "button" else "")
        assert element.tag in ("button", "input") and kind == "submit", f"clicking {_describe(wrapper)} submits nothing"
        return self.page._submit(wrapper)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# An element whose start ends the open one of these (`<li>` after `<li>`, `<td>` after `<td>` …), as HTML implies.
IMPLIED_END = {
    "li": {"li"},
    "option": {"option"},
    "p": {"p"},
    "tr": {"tr", "td", "th"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
}


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("html")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        ends = IMPLIED_END.get(tag, ())
        if ends and self.stack[-1].tag in ends:
            self.stack.pop()
        if tag == "html":
            self.root.attrib.update({k: v or "" for k, v in attrs})
            return
        element = SubElement(self.stack[-1], tag, {k: v if v is not None else "" for k, v in attrs})
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        SubElement(self.stack[-1], tag, {k: v if v is not None else "" for k, v in attrs})

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):  # close up to the matching open element; ignore a stray end
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        current = self.stack[-1]
        if len(current):
            current[-1].tail = (current[-1].tail or "") + data
        else:
            current.text = (current.text or "") + data


def parse(html: str) -> Element:
    """The page as an ElementTree rooted at <html>."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@functools.cache
def _compiled(selector: str):
    """A test of whether an element matches `selector` (a CSS selector list)."""
    tests = [compiled.test for compiled in cssselect2.compile_selector_list(selector)]
    return lambda wrapper: any(test(wrapper) for test in tests)


def _values(element: Element) -> list[tuple[str, str]]:
    """The (name, value) pairs a control adds to its form's data set."""
    name = element.get("name")
    if not name or element.get("disabled") is not None:
        return []
    if element.tag == "select":
        options = list(element.iter("option"))
        chosen = [o for o in options if o.get("selected") is not None]
        if not chosen and options and element.get("multiple") is None:
            chosen = options[:1]
        return [(name, _option_value(o)) for o in chosen]
    if element.tag == "textarea":
        return [(name, element.text or "")]
    kind = (element.get("type") or "text").lower()
    if kind in UNSENT_INPUTS:
        return []
    if kind in ("checkbox", "radio"):
        return [(name, element.get("value", "on"))] if element.get("checked") is not None else []
    return [(name, element.get("value", ""))]


def _option_value(option: Element) -> str:
    value = option.get("value")
    return value if value is not None else " ".join(_text(option).split())


def _text(element: Element) -> str:
    return "".join(element.itertext())


def _describe(wrapper: cssselect2.ElementWrapper) -> str:
    element = wrapper.etree_element
    return f"<{element.tag} {dict(element.attrib)}>"
