"""Issue 18, batch 4: furniture told by its class and shape in many languages,
and the real sentences those rules must leave alone (pure, no database)."""

from __future__ import annotations

import pytest

from masthead.ingest.parsers import parse_scraped_text
from masthead.ingest.parsers.credits import split_caption_credit
from masthead.ingest.parsers.html import parse_html
from masthead.ingest.parsers.rules import load_boilerplate_rules

RULES = load_boilerplate_rules()


@pytest.mark.parametrize(
    "line",
    [
        "Читайте также:",
        "Читайте также: Что будет с вкладами после решения ЦБ",
        "Czytaj także: Susza w Polsce. Rolnicy liczą straty",
        "LEIA TAMBÉM:",
        "Mirá también",
        "A lire aussi",
        "İLGİLİ HABERLER",
        "ALSO READ | Chennai Metro to add 12 more trains to its fleet",
        "Leer más: Qué pasa con los plazos fijos tras la baja de tasas",
        "📲 Participe do canal do g1 RS no WhatsApp",
        "Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать новости",
        "Google News'te Hürriyet'e abone olun",
        "Follow us on Bluesky for the latest updates",
        "Notre newsletter Lyon : recevez chaque matin l'essentiel",
        "Receba no seu email as principais notícias do dia",
        "Haberin Devamı",
        "Материал дополняется",
        "Tüm hakları saklıdır.",
        "Updated - September 10, 2025 09:14 pm IST",
        "Stand: 21.12.2025 09:12 Uhr",
        "Atualizado há 2 horas",
        "Das Erste | tagesschau | 21.12.2025 | 09:00 Uhr",
        "Os comentários são exclusivos para assinantes do Estadão.",
        "Para comentar, iniciá sesión.",
        "Поделиться",
        "VÍDEOS: Tudo sobre o RS",
        "Le puede interesar: ¿Cuándo le toca el corte de agua? Consulte su barrio",
        "Baca juga: Jakarta Siaga Banjir, Ini Daftar Pintu Air",
        "REDACCIÓN BOGOTÁ",
        "Support independent journalism in Ukraine. Join our community.",
        "Hi, this is Olena. If you value our reporting, please consider supporting us.",
        "minsu@yna.co.kr",
        "<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>",
        "송고2025-06-10 10:30",
        "Kompas.com - 04/03/2025, 07:15 WIB",
        "Copyright 2008 - 2025 PT. Kompas Cyber Media. All Rights Reserved.",
        "Tags: Education, Springfield Schools",
        "PUBLISHED: March 14, 2025 at 6:05 AM CDT"
        " | UPDATED: March 14, 2025 at 9:40 AM CDT",
        "Start the day with the news. Sign up for our Morning Edition newsletter.",
        "Cet article vous a été utile ? Sachez que vous pouvez suivre Ouest-France.",
        "Votre avis nous intéresse",
        "Modifié le 03/11/2025 à 17h05 Publié le 03/11/2025 à 11h30",
        "mmq/dpa/Reuters",
        "Melden Sie sich an und diskutieren Sie mit",
        "לקריאה נוספת",
        "שתפו בפייסבוק",
    ],
)
def test_furniture_lines_of_many_sites_are_told_by_class(line):
    assert RULES.match(line) is not None, line


@pytest.mark.parametrize(
    "line",
    [
        "Follow the money, the inspector told the committee on Tuesday.",
        "Updated figures show that 3,000 homes were flooded.",
        "Published in 1898, the map shows the harbour before the railway came.",
        "The minister said she would join talks on Telegram's regulation next week.",
        "Читайте внимательно: так сказал министр на брифинге в понедельник.",
        "Leer más libros es la meta del plan nacional de lectura, dijo el ministro.",
        "Newsletter publishers are struggling to keep readers, a study found.",
        "Stand-up comedians filled the theatre for three nights in a row.",
        "The vote was 12 | 8 | 3, the clerk said.",
        "Syniehubov wrote on his Telegram channel that the repairs were done.",
        "The union asked the government to consider supporting farmers.",
        "Staff at the hospital walked out on Monday over pay.",
        "Readers can sign up for the newsletter on the council's website, she said.",
        "Tags on the birds showed they had flown 4,000 km.",
        "Modified crops were planted on 3/4 of the farm.",
        "km/h",
    ],
)
def test_sentences_that_look_a_little_like_furniture_are_kept(line):
    assert RULES.match(line) is None, line


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        (
            "Árvore caída na Avenida Ipiranga — Foto: Reprodução/RBS TV",
            "Árvore caída na Avenida Ipiranga",
            "Reprodução/RBS TV",
        ),
        (
            "Des cyclistes dans le centre de Lyon. — C. Girardon / 20 Minutes",
            "Des cyclistes dans le centre de Lyon.",
            "C. Girardon / 20 Minutes",
        ),
        (
            "The train near Porur on Wednesday. | Photo Credit: B. Jothi Ramalingam",
            "The train near Porur on Wednesday.",
            "B. Jothi Ramalingam",
        ),
        (
            "Здание банка в Москве. Фото: Сергей Бобылев / ТАСС",
            "Здание банка в Москве.",
            "Сергей Бобылев / ТАСС",
        ),
    ],
)
def test_captions_and_credits_split_on_dashes_bars_and_labels(text, caption, credit):
    assert split_caption_credit(text) == (caption, credit)


def test_a_standfirst_line_above_the_byline_is_not_the_first_paragraph():
    parsed = parse_scraped_text(
        "Governo anuncia programa de habitação\n\n"
        "Programa prevê 200 mil moradias até 2027, com prioridade para famílias\n\n"
        "Por Ana Beatriz Lima\n\n"
        "O governo federal anunciou nesta segunda-feira um novo programa.\n\n"
        "A meta é entregar 200 mil moradias até o fim de 2027.\n"
    )
    assert parsed.standfirst.startswith("Programa prevê 200 mil moradias")
    assert parsed.authors == ("Ana Beatriz Lima",)
    assert parsed.paragraphs[0].startswith("O governo federal")


def test_a_first_paragraph_without_a_full_stop_and_no_byline_stays():
    parsed = parse_scraped_text(
        "Headline of the story\n\n"
        "The council met on Monday and agreed the budget for the coming year\n\n"
        "It takes effect in April.\n"
    )
    assert parsed.standfirst == ""
    assert len(parsed.paragraphs) == 2


def test_a_picture_wrapper_with_description_and_author_classes_is_a_figure():
    parsed = parse_html(
        "<html><body><h1>Wisła najniżej w historii</h1>"
        "<div class='art-photo'><img src='https://x.example/w.jpg' alt=''>"
        "<p class='art-photo__desc'>Wyschnięte koryto Wisły</p>"
        "<p class='art-photo__author'>Fot. Sławomir Kamiński / Agencja Wyborcza.pl</p>"
        "</div><div class='art-content'>"
        "<p>We wtorek rano wodowskaz wskazał 22 centymetry. To rekord.</p>"
        "<p>Na mieliznach pojawili się spacerowicze, a straż miejska apeluje.</p>"
        "</div></body></html>"
    )
    (figure,) = parsed.figures
    assert (figure.caption, figure.credit) == (
        "Wyschnięte koryto Wisły",
        "Sławomir Kamiński / Agencja Wyborcza.pl",
    )
    assert all("Fot." not in p for p in parsed.paragraphs)


def test_a_summary_above_the_date_line_is_the_standfirst_and_a_label_is_dropped():
    parsed = parse_scraped_text(
        "Lufthansa streicht Hunderte Flüge\n\n"
        "Verdi hat zum Ausstand aufgerufen. Betroffen ist vor allem Frankfurt.\n\n"
        "07.02.2025, 12.14 Uhr\n\n"
        "Die Lufthansa hat Hunderte Flüge gestrichen.\n\n"
        "Die Verhandlungen gehen weiter.\n"
    )
    assert parsed.standfirst.startswith("Verdi hat zum Ausstand")
    assert parsed.paragraphs[0] == "Die Lufthansa hat Hunderte Flüge gestrichen."
    labelled = parse_scraped_text(
        "Rennes. La ligne b fermée\n\nOuest-France\n\n"
        "Modifié le 03/11/2025 à 17h05\n\n"
        "La ligne b sera fermée samedi.\n\nDes bus relais desserviront les stations.\n"
    )
    assert labelled.standfirst == ""
    assert labelled.paragraphs[0] == "La ligne b sera fermée samedi."
