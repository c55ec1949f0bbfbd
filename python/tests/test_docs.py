"""The Python examples of docs/python.md run as written."""
import pathlib
import re

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "python.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)


def test_doc_has_examples():
    assert len(BLOCKS) >= 2


def test_doc_examples_run_in_order():
    # As a reader runs them: later blocks use names of earlier ones.
    namespace = {}
    for index, block in enumerate(BLOCKS):
        exec(compile(block, f"{DOC.name}[{index}]", "exec"), namespace)
