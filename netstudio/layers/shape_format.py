"""The one way NetStudio writes a tensor shape as text (torch-free, Qt-free).

Error sentences, node labels, the summary table and exported code all call ``shape_text``,
so a shape reads the same everywhere a student meets it.
"""

from __future__ import annotations

from typing import Sequence


def shape_text(shape: Sequence[int] | None, *, batch: str | None = None, tuple_comma: bool = True) -> str:
    """A shape as a student reads it: ``(32, 13, 13)``; a vector as ``(784,)``.

    Parameters
    ----------
    shape : sequence of int or None
        The sizes without the batch dimension; None (not inferred yet) reads ``?``.
    batch : str, optional
        A name for the batch dimension, written first: ``shape_text((1, 28, 28), batch="B")``
        gives ``(B, 1, 28, 28)``, as the exported code's comments have it.
    tuple_comma : bool, default True
        Write a one-dimensional shape the way Python writes a 1-tuple, ``(784,)``. False gives
        ``(784)``, the form run-time failure messages have always used. Ignored when ``batch`` is
        given: ``(B)`` never had a comma.

    Returns
    -------
    str
        The shape in parentheses, sizes separated by ", ".

    Examples
    --------
    >>> shape_text((32, 13, 13))
    '(32, 13, 13)'
    >>> shape_text([784])
    '(784,)'
    >>> shape_text((10,), batch="B")
    '(B, 10)'
    >>> shape_text(None)
    '?'
    """
    if shape is None:
        return "?"
    sizes = ", ".join(str(d) for d in shape)
    if batch is not None:
        return f"({batch}, {sizes})" if sizes else f"({batch})"
    comma = "," if tuple_comma and len(shape) == 1 else ""
    return f"({sizes}{comma})"
