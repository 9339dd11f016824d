"""The demo newsroom's own stories: invented, neutral text written for Masthead."""

SITE_NAME = "The Masthead Courier"

SECTIONS = [
    ("world", "World", "News from around the world."),
    ("politics", "Politics", "Councils, parliaments and the people who vote for them."),
    ("science", "Science", "Research, nature and the environment."),
    ("business", "Business", "Work, money and the companies around us."),
]

PEOPLE = [
    ("Amira Haddad", "Politics correspondent"),
    ("Tom Okafor", "Science writer"),
    ("Lena Varga", "Business reporter"),
    ("Jonas Berg", "World desk editor"),
]

PALETTES = {
    "politics": ((32, 60, 110), (120, 160, 210), (230, 190, 90)),
    "world": ((18, 80, 90), (90, 170, 160), (240, 220, 170)),
    "science": ((20, 40, 60), (60, 140, 90), (200, 230, 120)),
    "business": ((90, 40, 30), (210, 130, 70), (250, 220, 180)),
}

# (section, author, hours before the reference story, headline, standfirst,
#  caption, paragraphs, tags)
STORIES = [
    (
        "politics",
        "Amira Haddad",
        3,
        "City council approves three new library branches",
        "The branches will open over the next four years, with longer evening hours "
        "and space for community groups.",
        "Plans for one of the new branches were shown at a public meeting.",
        [
            "The city council has approved a plan to open three new library "
            "branches, the largest expansion of the service in two decades.",
            "Councillors voted 31 to 8 in favour after a debate that lasted most "
            "of the evening. Supporters said the branches would serve "
            "neighbourhoods where the nearest library is more than half an hour "
            "away on foot.",
            "The first branch is due to open in eighteen months in a former post "
            "office building. The other two will be built on land the council "
            "already owns.",
            "Opponents did not object to the libraries themselves but questioned "
            "the timetable, arguing that the budget for staff had not been "
            "settled.",
            "The council's finance committee will publish staffing costs before "
            "construction contracts are signed, a spokesperson said.",
        ],
        ["libraries", "city council"],
    ),
    (
        "politics",
        "Amira Haddad",
        7,
        "Election office proposes longer polling hours",
        "Polling stations would stay open until 10pm under the plan, which goes "
        "out to public consultation next week.",
        "Voters queued at a polling station during the last local election.",
        [
            "Polling stations could stay open an hour later under proposals "
            "published by the regional election office on Tuesday.",
            "Officials said queues at some stations during the last election "
            "showed that many people could only vote after work.",
            "The consultation will run for eight weeks. Residents can respond "
            "online, by post or at any library.",
            "If adopted, the change would apply from the next scheduled election.",
        ],
        ["elections", "consultation"],
    ),
    (
        "world",
        "Jonas Berg",
        11,
        "Harbour cities agree shared plan for cleaner shipping",
        "Twelve port cities will offer shore power to visiting ships and share "
        "air-quality measurements every month.",
        "Container cranes at one of the ports that signed the agreement.",
        [
            "Twelve harbour cities have signed an agreement to cut emissions from "
            "ships waiting in port.",
            "Under the plan, each port will install connections that let ships "
            "switch off their engines and draw electricity from the shore while "
            "they are docked.",
            "The cities will publish air-quality readings from their harbours "
            "every month so that residents can follow progress.",
            "Shipping companies welcomed the common standard, saying that one "
            "type of connection across all twelve ports would make fitting "
            "their vessels worthwhile.",
        ],
        ["shipping", "air quality"],
    ),
    (
        "science",
        "Tom Okafor",
        15,
        "Volunteers count record number of swifts in annual survey",
        "More than four thousand people took part in this year's count, which "
        "helps researchers track the birds' return each spring.",
        "Swifts nest under roof tiles and in gaps in old walls.",
        [
            "Volunteers recorded more swifts this summer than in any year since "
            "the survey began, according to early results.",
            "More than four thousand people spent an evening watching the sky "
            "above their street and noting the birds they saw.",
            "Researchers cautioned that the higher count may partly reflect the "
            "larger number of volunteers rather than more birds.",
            "Swifts spend most of their lives in the air and return each spring "
            "to nest in buildings. Renovations that close up gaps in roofs have "
            "removed many nesting sites.",
            "The full results, with numbers for each district, will be "
            "published in the autumn.",
        ],
        ["birds", "citizen science"],
    ),
    (
        "science",
        "Tom Okafor",
        20,
        "Researchers map how street lighting brightens the night sky",
        "A new map shows which neighbourhoods could see the Milky Way again if "
        "lamps were dimmed after midnight.",
        "The survey team measured sky brightness from rooftops across the city.",
        [
            "A team of researchers has produced the first detailed map of how "
            "street lighting brightens the night sky over the city.",
            "The team took measurements from forty rooftops on clear nights over "
            "two winters.",
            "Their model suggests that dimming lamps after midnight in "
            "residential streets would make the sky noticeably darker without "
            "affecting main roads.",
            "The council said it would study the findings as part of its plan to "
            "replace older lamps.",
        ],
        ["astronomy", "lighting"],
    ),
    (
        "business",
        "Lena Varga",
        26,
        "Local bakeries band together to buy flour in bulk",
        "Nine independent bakeries have formed a buying group to share "
        "deliveries and cut costs.",
        "Flour sacks stacked in the storeroom of one of the bakeries.",
        [
            "Nine independent bakeries have formed a cooperative to buy flour and "
            "other ingredients together.",
            "The owners said rising delivery charges had made small orders "
            "expensive, and that sharing one weekly delivery would cut their "
            "costs.",
            "The group has rented a small storeroom near the market where "
            "members can collect their orders.",
            "Two more bakeries have asked to join, and the group is considering "
            "buying packaging together as well.",
        ],
        ["small business", "food"],
    ),
]
