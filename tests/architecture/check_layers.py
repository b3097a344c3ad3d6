#!/usr/bin/env python3
"""The include-direction test: every quoted include of a layer's files names the layer itself or
a layer below it, as the build's table of layers says (cmake/Layers.cmake writes layers.txt).

Usage: check_layers.py LAYERS_TXT SOURCE_ROOT [--document MARKDOWN]
Prints one line per back-include ("file:line: layer A includes B, but B is not below A") and
exits 1 when there is any; exits 0 and prints a summary otherwise. With --document, checks
instead that the document's layer table ("| layer | `folder/` | ... | may include |") names
every layer of the build, with its folder and the layers it depends on, and nothing else.
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCE_SUFFIXES = {".h", ".hpp", ".cpp", ".cc", ".c"}


def read_table(path):
    """{layer: (folder, [direct dependencies])} from lines "name folder: dep dep ..."."""
    table = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        head, _, depends = line.partition(":")
        fields = head.split()
        if len(fields) != 2:
            sys.exit(f"{path}:{number}: expected 'name folder: depends...', got {line!r}")
        table[fields[0]] = (fields[1], depends.split())
    for layer, (_, depends) in table.items():
        for below in depends:
            if below not in table:
                sys.exit(f"{path}: layer {layer} depends on {below}, which is no layer")
    return table


def below(table, layer, seen=None):
    """Every layer that `layer` may include: its dependencies and theirs. Refuses a cycle."""
    seen = set() if seen is None else seen
    if layer in seen:
        sys.exit(f"the layers form a cycle through {layer}")
    reachable = set()
    for dependency in table[layer][1]:
        reachable |= {dependency} | below(table, dependency, seen | {layer})
    return reachable


def back_includes(table, root):
    for layer, (folder, _) in sorted(table.items()):
        allowed = below(table, layer) | {layer}
        for file in sorted((root / folder).rglob("*")):
            if file.suffix not in SOURCE_SUFFIXES or not file.is_file():
                continue
            for number, text in enumerate(file.read_text(errors="replace").splitlines(), 1):
                match = INCLUDE.match(text)
                if not match or "/" not in match.group(1):
                    continue  # a file of the same folder, by its bare name (the CLI does so)
                included = match.group(1).split("/", 1)[0]
                if included not in table:
                    yield f"{file.relative_to(root)}:{number}: layer {layer} includes " \
                          f"{match.group(1)}, which is in no layer"
                elif included not in allowed:
                    yield f"{file.relative_to(root)}:{number}: layer {layer} includes " \
                          f"{match.group(1)}, but {included} is not below {layer}"


def document_differences(table, document):
    """How the document's layer table differs from the build's, a sentence each."""
    documented = {}
    for line in document.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] not in table:
            continue
        depends = cells[-1]
        named = set() if depends.startswith("nothing") else {d.strip() for d in depends.split(",")}
        documented[cells[0]] = (cells[1].strip("`").rstrip("/"), named)
    for layer, (folder, depends) in sorted(table.items()):
        if layer not in documented:
            yield f"{document}: the layer {layer} ({folder}) is not in the table"
            continue
        documented_folder, documented_depends = documented[layer]
        if documented_folder != folder:
            yield f"{document}: {layer} is said to be in {documented_folder}, but it is {folder}"
        if documented_depends != set(depends):
            listed = ", ".join(sorted(depends)) or "nothing"
            yield f"{document}: {layer} may include {listed}, but the document says " \
                  f"{', '.join(sorted(documented_depends)) or 'nothing'}"


def main(argv):
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--document"):
        sys.exit(__doc__)
    table = read_table(pathlib.Path(argv[1]))
    root = pathlib.Path(argv[2])
    if len(argv) == 5:
        differences = list(document_differences(table, root / argv[4]))
        for line in differences:
            print(line)
        if differences:
            return 1
        print(f"{argv[4]} names the {len(table)} layers as the build does")
        return 0
    found = list(back_includes(table, root))
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} include(s) against the direction of the layers")
        return 1
    print(f"{len(table)} layers, every include points down")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
