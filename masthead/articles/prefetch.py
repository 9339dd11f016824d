"""Body blocks of many stories loaded together: one query per kind of chooser.

A StreamField value loads the objects its blocks name (photos, documents) lazily,
one query per story and block type (Wagtail batches within one body only). A feed
or an API list renders fifty bodies, so it took fifty more queries (issue 15: the
site RSS took 44 on the generated archive). ``prefetch_body_blocks`` converts
every block of the chosen types across all the bodies with one ``bulk_to_python``
call per type, and hands each body its share.

It fills StreamValue's own lazy slots (``_raw_data``/``_bound_blocks``, what
``StreamValue._prefetch_blocks`` fills for one body); a test pins the behaviour so
that a Wagtail upgrade that changes them fails loudly rather than silently slow.
"""

from __future__ import annotations

from collections.abc import Iterable

from wagtail.blocks import StreamValue

# The body's block types whose values name rows elsewhere (photos, documents).
CHOOSER_BLOCK_TYPES = ("figure", "media")


def prefetch_body_blocks(
    stream_values: Iterable[StreamValue],
    type_names: Iterable[str] = CHOOSER_BLOCK_TYPES,
) -> None:
    """Convert the blocks of ``type_names`` in all ``stream_values`` in one batch
    per type; bodies already converted (or not lazy) are left alone."""
    streams = [value for value in stream_values if _is_lazy(value)]
    for type_name in type_names:
        slots: list[tuple[StreamValue, int]] = []
        raw_values = []
        child_block = None
        for stream in streams:
            child_block = child_block or stream.stream_block.child_blocks.get(type_name)
            for index, raw in enumerate(stream._raw_data):
                if (
                    raw is not None
                    and raw["type"] == type_name
                    and stream._bound_blocks[index] is None
                ):
                    slots.append((stream, index))
                    raw_values.append(raw["value"])
        if not raw_values or child_block is None:
            continue
        converted = child_block.bulk_to_python(raw_values)
        for (stream, index), value in zip(slots, converted, strict=True):
            stream._bound_blocks[index] = StreamValue.StreamChild(
                child_block, value, id=stream._raw_data[index].get("id")
            )


def _is_lazy(value) -> bool:
    return isinstance(value, StreamValue) and getattr(value, "is_lazy", False)
