from types import SimpleNamespace

from masthead.images.figures import resolve_figure


def image(**fields):
    return SimpleNamespace(**{"description": "", "caption": "", "credit": "", **fields})


def test_figure_overrides_win_over_image_fields():
    figure = resolve_figure(
        image(description="a", caption="b", credit="c"),
        alt="A",
        caption="B",
        credit="C",
    )
    assert (figure.alt, figure.caption, figure.credit) == ("A", "B", "C")


def test_figure_falls_back_to_image_fields():
    figure = resolve_figure(image(description="a", caption="b", credit="c"))
    assert (figure.alt, figure.caption, figure.credit) == ("a", "b", "c")


def test_figure_without_alt_text_uses_its_caption_never_the_file_title():
    figure = resolve_figure(
        image(caption="Mr Trump has defended Russia", title="x.jpg")
    )
    assert figure.alt == "Mr Trump has defended Russia"


def test_whitespace_only_overrides_do_not_hide_image_fields():
    figure = resolve_figure(image(credit="Getty"), credit="   ")
    assert figure.credit == "Getty"
