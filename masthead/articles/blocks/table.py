"""A data table with a caption, a header row and an optional row-header column."""

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock

CELL_FEATURES = ["bold", "italic", "link"]


class TableBlock(blocks.StructBlock):
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock(required=False, max_length=500)),
            ("number", blocks.CharBlock(required=False, max_length=50)),
            (
                "rich_text",
                blocks.RichTextBlock(required=False, features=CELL_FEATURES),
            ),
        ],
        help_text="Each column's heading is the table's header row; 'number' "
        "columns are right-aligned. The caption says what the table shows.",
    )
    first_column_is_header = blocks.BooleanBlock(
        required=False,
        help_text="The first column names each row (e.g. a country or a year).",
    )
    source = blocks.CharBlock(
        required=False, max_length=255, help_text="e.g. Office for National Statistics"
    )

    class Meta:
        icon = "table"
        label = "Table"
        template = "articles/blocks/table.html"
