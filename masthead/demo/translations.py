"""The reference article in Arabic (issue 20): a right-to-left translation linked
to the English story, under the Arabic front page (/ar/), for the language
switcher, hreflang and RTL layout to show on a fresh demo."""

from __future__ import annotations

from masthead.articles.blocks import paragraph_from_text
from masthead.home.models import FrontPageStory, HomePage
from masthead.languages.services import translate_page

LANGUAGE = "ar"
FRONT_PAGE_TITLE = "الصفحة الأولى"
SECTION_TITLES = {"World": "العالم"}
HEADLINE = "ترامب يتصل ببوتين ويتحدث عن «الخدعة الروسية»"
STANDFIRST = (
    "قال الرئيس الأمريكي إنه أجرى مكالمة استمرت ساعة مع الرئيس الروسي، "
    "هي الأولى منذ صدور تقرير مولر."
)
# The English story's paragraphs in order; figures and other blocks are kept.
PARAGRAPHS = [
    "قال الرئيس الأمريكي دونالد ترامب إنه تحدث مع الرئيس الروسي فلاديمير بوتين "
    "في مكالمة استمرت ساعة، تناولت قضايا منها «الخدعة الروسية».",
    "وكتب الرئيس الأمريكي في تغريدة: «أجريت محادثة طويلة وجيدة جدًا مع الرئيس بوتين».",
    "ووبّخ ترامب صحفية سألته إن كان قد حذّر بوتين من التدخل في انتخابات عام 2020.",
    "وكانت هذه أول محادثة بينهما منذ أن برّأ تقرير مولر ترامب من التواطؤ مع روسيا "
    "في انتخابات 2016.",
    "وأكد الكرملين في بيان أن الرئيسين تحدثا، "
    "وقال إن البيت الأبيض هو من بادر بالاتصال.",
    "وكان ترامب وبوتين قد تحدثا آخر مرة بشكل غير رسمي في قمة مجموعة العشرين في "
    "بوينس آيرس في ديسمبر الماضي، بعد أن ألغى ترامب اللقاء الرسمي بين الزعيمين.",
    "وغرّد ترامب يوم الجمعة عن محادثتهما الأخيرة: «كما قلت دائمًا، قبل أن تبدأ حملة "
    "مطاردة الساحرات بوقت طويل، فإن التفاهم مع روسيا والصين والجميع أمر جيد لا سيئ».",
    "وحين سُئل في البيت الأبيض يوم الجمعة إن كان قد حذّر بوتين من أن على موسكو ألا "
    "تتدخل في الانتخابات الرئاسية الأمريكية المقبلة، قال ترامب للصحفية إنها "
    "«وقحة جدًا».",
    "وقال: «لم نناقش ذلك».",
    "«التفاهم مع الدول أمر جيد، ونريد علاقات جيدة مع الجميع».",
    "لكن البيت الأبيض قال إن مسألة التدخل الروسي المزعوم أثيرت خلال المكالمة.",
    "وقالت المتحدثة باسم البيت الأبيض سارة ساندرز: «نوقشت بإيجاز شديد، أساسًا في "
    "سياق أن الأمر انتهى وأنه لم يكن هناك تواطؤ، وأنا متأكدة أن الزعيمين كانا يعلمان "
    "ذلك جيدًا قبل هذه المكالمة بوقت طويل».",
    "وقالت ساندرز أيضًا إن ترامب وبوتين ناقشا بإيجاز تحقيق المحقق الخاص روبرت مولر "
    "في التدخل الروسي المزعوم في الانتخابات الرئاسية لعام 2016.",
    "ووصفت المتحدثة المكالمة بأنها «محادثة إيجابية إجمالًا».",
    "ونُشرت نسخة منقّحة من تقرير المحقق الخاص الشهر الماضي. ولم يخلص التقرير إلى "
    "أن حملة ترامب تآمرت مع روسيا، لكنه فصّل محاولات متكررة من ترامب لعرقلة تحقيق "
    "خشي أن ينهي رئاسته.",
    "وخلص مولر إلى أن تحقيقه لا يمكن أن يبرّئ ترامب من عرقلة العدالة، مشيرًا إلى "
    "توجيهات وزارة العدل بأنه لا يجوز توجيه اتهام جنائي لرئيس في منصبه.",
]


# The press secretary's words, for the quote block (its paragraph above says who).
QUOTE = (
    "نوقشت بإيجاز شديد، أساسًا في سياق أن الأمر انتهى وأنه لم يكن هناك تواطؤ، "
    "وأنا متأكدة أن الزعيمين كانا يعلمان ذلك جيدًا قبل هذه المكالمة بوقت طويل."
)
SPEAKERS = {"Sarah Sanders": "سارة ساندرز", "Press secretary": "المتحدثة الصحفية"}


def translated_body(body) -> list[tuple[str, object]]:
    """The English body with each of its text blocks (paragraph, social post,
    quote) matched, in order, to the Arabic text above: a paragraph becomes the
    Arabic paragraph; the post (the original tweet) stays, after its Arabic
    paragraph; the quote speaks Arabic. Photos stay where they are."""
    paragraphs = iter(PARAGRAPHS)
    blocks = []
    for block in body:
        kind = block.block_type
        if kind in ("paragraph", "post"):
            text = next(paragraphs, None)
            if text is not None:
                blocks.append(("paragraph", paragraph_from_text(text)))
            if kind == "post":
                blocks.append((kind, block.value))
        elif kind == "quote":
            next(paragraphs, None)
            value = block.block.get_prep_value(block.value)
            value.update(
                text=QUOTE,
                speaker=SPEAKERS.get(
                    value.get("speaker", ""), value.get("speaker", "")
                ),
                role=SPEAKERS.get(value.get("role", ""), ""),
            )
            blocks.append((kind, block.block.to_python(value)))
        else:
            blocks.append((kind, block.value))
    return blocks


def ensure_arabic_reference(reference) -> str:
    """Publish (or refresh) the Arabic translation of the reference article,
    with the Arabic front page and section it needs. Idempotent: a translation
    already there (perhaps edited since) is kept."""
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=LANGUAGE).first()
    if locale is not None and reference.get_translation_or_none(locale) is not None:
        return "Arabic reference article present"
    section = reference.get_parent().specific
    translate_page(section.get_parent(), LANGUAGE, title=FRONT_PAGE_TITLE)
    section_title = SECTION_TITLES.get(section.title)
    translate_page(
        section, LANGUAGE, **({"title": section_title} if section_title else {})
    )
    translated = translate_page(
        reference,
        LANGUAGE,
        title=HEADLINE,
        standfirst=STANDFIRST,
        body=translated_body(reference.specific.body),
        # The English story is the one its source's id finds (ingest updates).
        source_id="",
    )
    # The copied front page still picks the English story: it leads with its own.
    home = HomePage.objects.get(pk=translated.get_parent().get_parent().pk)
    home.picks = [FrontPageStory(story=translated)]
    home.save_revision().publish()
    return f"Arabic reference article: {translated.url}"
