"""A small XML tree with line numbers, built with expat; refuses DTDs and entity declarations.

ElementTree's C parser forgets where elements were; problems in an export should name
the line. Exports from qualitative analysis software never need a DTD, so one is refused
outright (no entity expansion, no external fetches).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat


@dataclass
class Node:
    namespace: str
    tag: str  # local name
    attrib: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def get(self, name: str, default: str = "") -> str:
        return self.attrib.get(name, default)

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def findtext(self, tag: str) -> str:
        child = self.find(tag)
        return child.text if child is not None else ""

    def iter(self, tag: str) -> Iterator[Node]:
        stack = [self]
        while stack:
            node = stack.pop()
            if node.tag == tag:
                yield node
            stack.extend(reversed(node.children))


class XmlError(Exception):
    def __init__(self, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.line = line
        self.column = column


def parse_xml(data: bytes) -> Node:
    """The document's root element; raises :class:`XmlError` with a position on bad input."""
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[Node] = []
    texts: list[list[str]] = []
    root: list[Node] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        attrib = {key.rpartition(" ")[2]: value for key, value in attrs.items()}
        node = Node(namespace, local, attrib, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)
        texts.append([])

    def end(_name: str) -> None:
        node = stack.pop()
        node.text = "".join(texts.pop())

    def chars(data: str) -> None:
        if texts:
            texts[-1].append(data)

    def refuse_dtd(*_args: object) -> None:
        raise XmlError("the file declares a DTD; REFI-QDA exports have none", parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XmlError(f"not well-formed XML: {expat.ErrorString(exc.code)}", exc.lineno, exc.offset + 1) from None
    if not root:
        raise XmlError("the file holds no XML element")
    return root[0]
