"""The eight ``task91xx`` training tasks, from categories outside the test split."""

from __future__ import annotations

import json
import random
from collections.abc import Callable

from tools.shipped_data.superni.taskfile import Item, NamedTask, superni_task
from tools.shipped_data.world import PEOPLE, TOWNS


def t_sentiment(rng: random.Random) -> NamedTask:
    things = [
        "kettle",
        "rain jacket",
        "desk lamp",
        "backpack",
        "toaster",
        "blanket",
        "bike light",
        "skillet",
        "bird feeder",
        "bread bin",
    ]
    good = [
        "works exactly as described",
        "has lasted two winters without a problem",
        "was easy to set up",
        "feels solid and well made",
        "is worth every penny",
        "arrived quickly and looks lovely",
    ]
    bad = [
        "stopped working after a week",
        "feels cheap and flimsy",
        "was missing a part when it arrived",
        "is much smaller than the photos suggest",
        "broke the first time I used it",
        "is not worth the money",
    ]
    good_end = [
        "Would buy again.",
        "Highly recommended.",
        "Very happy with it.",
        "Five stars from me.",
    ]
    bad_end = [
        "I am sending it back.",
        "Very disappointed.",
        "Would not recommend.",
        "Save your money.",
    ]
    items: list[Item] = []
    seen: dict[str, None] = {}
    while len(items) < 32:
        pos = len(items) % 2 == 0
        thing = rng.choice(things)
        a, b = rng.sample(good if pos else bad, 2)
        end = rng.choice(good_end if pos else bad_end)
        review = f"This {thing} {a} and {b}. {end}"
        if review in seen:
            continue
        seen[review] = None
        items.append((review, ["positive" if pos else "negative"]))
    return superni_task(
        "task9101_shipped_sentiment_analysis",
        "Sentiment Analysis",
        ["Commonsense Reasoning"],
        'You are given a short product review. Classify its sentiment as "positive" or "negative".',
        ["Reviews"],
        [
            (
                items[0][0],
                items[0][1][0],
                "The reviewer praises the product and would recommend it.",
            ),
            (items[1][0], items[1][1][0], "The reviewer is unhappy with the product."),
        ],
        [
            (
                "This lamp is bright and easy to adjust. Very happy with it.",
                "negative",
                "The review praises the lamp, so the sentiment is positive.",
            )
        ],
        items[2:],
    )


def t_qa(rng: random.Random) -> NamedTask:
    things = [
        "stone bridge",
        "windmill",
        "village school",
        "lighthouse",
        "town clock",
        "market hall",
        "footbridge",
        "boathouse",
        "chapel",
        "bandstand",
    ]
    items: list[Item] = []
    for i in range(30):
        who = PEOPLE[(i * 5 + 2) % len(PEOPLE)]
        town = TOWNS[(i * 7 + 1) % len(TOWNS)]
        thing = things[i % len(things)]
        year = rng.randrange(1700, 1950)
        cost = rng.randrange(2, 90) * 10
        passage = (
            f"The {thing} in {town} was built in {year} by {who}. "
            f"It cost {cost} pounds, which was paid for by a collection among the townspeople."
        )
        kind = i % 3
        if kind == 0:
            items.append((f"Passage: {passage}\nQuestion: Who built the {thing} in {town}?", [who]))
        elif kind == 1:
            items.append(
                (
                    f"Passage: {passage}\nQuestion: In what year was the {thing} built?",
                    [str(year), f"In {year}"],
                )
            )
        else:
            items.append(
                (
                    f"Passage: {passage}\nQuestion: How much did the {thing} cost?",
                    [f"{cost} pounds", str(cost)],
                )
            )
    return superni_task(
        "task9102_shipped_question_answering",
        "Question Answering",
        ["Commonsense Reasoning"],
        "You are given a short passage and a question about it. Answer the question with a short span taken from the passage.",
        ["History"],
        [
            (
                "Passage: The ferry at Kestford began running in 1822 and was worked by Agnes Mossop for forty years.\nQuestion: Who worked the ferry?",
                "Agnes Mossop",
                "The passage says the ferry was worked by Agnes Mossop.",
            )
        ],
        [
            (
                "Passage: The ferry at Kestford began running in 1822 and was worked by Agnes Mossop for forty years.\nQuestion: When did the ferry begin running?",
                "forty years",
                "The question asks when; the answer is 1822.",
            )
        ],
        items,
    )


def t_summarization(rng: random.Random) -> NamedTask:
    events = [
        (
            "reopened its library",
            "after a year of repairs",
            "The new building has a café and longer opening hours.",
        ),
        (
            "held its first food festival",
            "on Saturday",
            "Over forty stalls sold local cheese, bread and cider.",
        ),
        (
            "opened a new footbridge",
            "across the river",
            "The bridge links the station with the old town.",
        ),
        (
            "closed its swimming pool",
            "for roof repairs",
            "Swimmers are being offered free buses to the next town.",
        ),
        (
            "planted a community orchard",
            "on the old playing field",
            "Volunteers put in sixty apple and pear trees.",
        ),
        (
            "won a prize for its public gardens",
            "in a regional contest",
            "Judges praised the wild flower borders by the station.",
        ),
    ]
    items: list[Item] = []
    for i in range(30):
        town = TOWNS[(i * 3 + 40) % len(TOWNS)]
        what, when, detail = events[i % len(events)]
        who = PEOPLE[(i * 11 + 5) % len(PEOPLE)]
        quote = rng.choice(
            [
                "It is a great day for the town.",
                "We could not have done it without the volunteers.",
                "People have waited a long time for this.",
            ]
        )
        text = f'{town} {what} {when}. {detail} "{quote}" said {who}, who helped organise the work.'
        summary1 = f"{town} {what} {when}."
        summary2 = f"The town of {town} {what}."
        items.append((text, [summary1, summary2]))
    return superni_task(
        "task9103_shipped_summarization",
        "Summarization",
        ["Commonsense Reasoning"],
        "You are given a short local news report. Write a one-sentence summary that states the main event.",
        ["News"],
        [
            (
                'Ravby opened a new bus shelter on Monday. The shelter has a bench and a timetable board. "It keeps us dry at last," said a passenger.',
                "Ravby opened a new bus shelter on Monday.",
                "The summary states the main event in one sentence.",
            )
        ],
        [
            (
                'Ravby opened a new bus shelter on Monday. The shelter has a bench and a timetable board. "It keeps us dry at last," said a passenger.',
                "The shelter has a bench.",
                "This is a detail, not the main event.",
            )
        ],
        items,
    )


def t_categorization() -> NamedTask:
    pools = {
        "sports": [
            "The home side scored twice in the final ten minutes to win the cup.",
            "She set a new club record in the 800 metres on Saturday.",
            "The cricket match was stopped for an hour because of rain.",
            "Both tennis players needed five sets to settle the final.",
            "The rowing crew trained on the river every morning before dawn.",
            "Our goalkeeper saved two penalties in the shoot-out.",
        ],
        "food": [
            "Add the onions to the pan and fry them until soft and golden.",
            "The new bakery sells a rye loaf with caraway seeds.",
            "This soup tastes even better on the second day.",
            "Whisk the eggs with a little milk before pouring them into the pan.",
            "The restaurant's apple pie comes with thick vanilla custard.",
            "Store the jam in a cool, dark cupboard once the jar is sealed.",
        ],
        "weather": [
            "Heavy rain is expected across the hills by Thursday evening.",
            "A hard frost left the fields white this morning.",
            "Strong winds brought down branches along the coast road.",
            "Temperatures will climb to twenty-eight degrees by the weekend.",
            "Fog is likely to linger in the valleys until midday.",
            "Snow showers will turn to sleet as the afternoon goes on.",
        ],
        "technology": [
            "The update adds a dark mode and fixes several battery bugs.",
            "You can back up your photos automatically over Wi-Fi.",
            "The new laptop has twice the memory of last year's model.",
            "Restart the router if the connection keeps dropping.",
            "The app now lets you scan documents with your phone camera.",
            "A faster processor makes the tablet feel much more responsive.",
        ],
        "travel": [
            "The night train arrives at the coast just after sunrise.",
            "Book your ferry tickets early during the summer holidays.",
            "The hostel is a short walk from the old harbour.",
            "Pack a light rain jacket for the mountain villages.",
            "Our flight was delayed, so we explored the airport gardens.",
            "The coastal path links five fishing villages in one long day.",
        ],
    }
    items: list[Item] = []
    for k in range(6):
        for topic, sents in pools.items():
            items.append((sents[k], [topic]))
    return superni_task(
        "task9104_shipped_text_categorization",
        "Text Categorization",
        ["Commonsense Reasoning"],
        'Classify the topic of the given sentence as one of: "sports", "food", "weather", "technology", "travel".',
        ["Miscellaneous"],
        [
            (
                "The bus to the mountain village leaves every two hours.",
                "travel",
                "The sentence is about getting around on a journey.",
            )
        ],
        [
            (
                "Thunderstorms will clear by the evening.",
                "sports",
                "The sentence describes the weather, so the topic is weather.",
            )
        ],
        items,
    )


def t_ner(rng: random.Random) -> NamedTask:
    templates = [
        "{P} moved from {L1} to {L2} in {Y}.",
        "The train from {L1} to {L2} was delayed, so {P} missed the meeting.",
        "{P} opened a bakery in {L1} after working for years in {L2}.",
        "Every summer {P} cycles from {L1} to {L2} along the river.",
        "{P} said the market in {L1} is busier than the one in {L2}.",
        "After the flood in {L1}, {P} organised volunteers from {L2}.",
    ]
    items: list[Item] = []
    for i in range(30):
        t = templates[i % len(templates)]
        p = PEOPLE[(i * 13 + 7) % len(PEOPLE)]
        l1 = TOWNS[(i * 17 + 9) % len(TOWNS)]
        l2 = TOWNS[(i * 19 + 30) % len(TOWNS)]
        sent = t.format(P=p, L1=l1, L2=l2, Y=rng.randrange(1950, 2020))
        items.append((sent, [f"{l1}, {l2}", f"{l2}, {l1}"]))
    return superni_task(
        "task9105_shipped_named_entity_recognition",
        "Named Entity Recognition",
        ["Commonsense Reasoning"],
        "Find all names of places (towns, villages or cities) in the sentence. List them separated by commas. Do not include names of people.",
        ["Miscellaneous"],
        [
            (
                "Agnes Hollis drove from Pellby to Kestford.",
                "Pellby, Kestford",
                "Pellby and Kestford are places; Agnes Hollis is a person.",
            )
        ],
        [
            (
                "Agnes Hollis drove from Pellby to Kestford.",
                "Agnes Hollis",
                "Agnes Hollis is a person, not a place.",
            )
        ],
        items,
    )


def t_paraphrase() -> NamedTask:
    pairs = [
        (
            "{P} arrived late because the train was delayed.",
            [
                "Because the train was delayed, {P} arrived late.",
                "The train was delayed, so {P} got there late.",
            ],
        ),
        ("{P} finished the book in a single evening.", ["{P} read the whole book in one evening."]),
        (
            "The shop was closed when {P} got there.",
            ["When {P} arrived, the shop had already closed."],
        ),
        ("{P} rarely drinks coffee after lunch.", ["{P} seldom has coffee in the afternoon."]),
        (
            "{P} forgot to water the plants while the family was away.",
            ["While the family was away, {P} did not remember to water the plants."],
        ),
        (
            "It started to rain as soon as {P} left the house.",
            ["As soon as {P} went out, it began to rain."],
        ),
        (
            "{P} is much better at chess than at draughts.",
            ["{P} plays chess far better than draughts."],
        ),
        (
            "{P} could not sleep because of the noise outside.",
            ["The noise outside kept {P} awake."],
        ),
        ("{P} gave away most of the old books.", ["Most of the old books were given away by {P}."]),
        (
            "{P} has lived in the same house for thirty years.",
            ["{P} has been living in the same house for three decades."],
        ),
    ]
    names = ["Ilse", "Oskar", "Rowan"]
    items: list[Item] = []
    for src, outs in pairs:
        for n in names:
            items.append((src.format(P=n), [o.format(P=n) for o in outs]))
    return superni_task(
        "task9106_shipped_paraphrasing",
        "Paraphrasing",
        ["Commonsense Reasoning"],
        "Rewrite the given sentence using different words or a different structure, keeping exactly the same meaning.",
        ["Miscellaneous"],
        [
            (
                "Tilde left early to catch the bus.",
                "To catch the bus, Tilde left early.",
                "The order changes but the meaning stays the same.",
            )
        ],
        [
            (
                "Tilde left early to catch the bus.",
                "Tilde missed the bus.",
                "The meaning has changed.",
            )
        ],
        items,
    )


def t_fill_blank() -> NamedTask:
    rows = [
        ("Bees make ___ from the nectar of flowers.", ["honey"]),
        ("You need an umbrella when it ___.", ["rains", "is raining"]),
        ("A baker makes bread in an ___.", ["oven"]),
        ("There are seven days in a ___.", ["week"]),
        ("We use a ___ to unlock the front door.", ["key"]),
        ("Fish breathe through their ___.", ["gills"]),
        ("The opposite of cold is ___.", ["hot", "warm"]),
        ("Cows eat ___ in the field.", ["grass"]),
        ("You write on the board with a piece of ___.", ["chalk"]),
        ("A year has twelve ___.", ["months"]),
        ("Water freezes into ___ when it gets very cold.", ["ice"]),
        ("Birds build ___ to lay their eggs in.", ["nests"]),
        ("We sleep in a ___ at night.", ["bed"]),
        ("The sun rises in the ___.", ["east"]),
        ("A spider has eight ___.", ["legs"]),
        ("You can see the stars at ___.", ["night"]),
        ("Plants need water and ___ to grow.", ["sunlight", "light"]),
        ("A ___ tells you what time it is.", ["clock", "watch"]),
        ("Sheep give us ___ for warm clothes.", ["wool"]),
        ("We brush our ___ twice a day.", ["teeth"]),
        ("A boat floats on the ___.", ["water"]),
        ("An apple a day keeps the ___ away.", ["doctor"]),
        ("Snow is ___ in colour.", ["white"]),
        ("A triangle has three ___.", ["sides", "corners"]),
        ("You wear ___ on your feet.", ["shoes", "socks"]),
        ("Hens lay ___.", ["eggs"]),
        ("A librarian works in a ___.", ["library"]),
        ("We breathe in ___ to stay alive.", ["air", "oxygen"]),
        ("Kittens grow up to be ___.", ["cats"]),
        ("Ten plus five equals ___.", ["fifteen", "15"]),
    ]
    return superni_task(
        "task9107_shipped_fill_in_the_blank",
        "Fill in The Blank",
        ["Commonsense Reasoning"],
        "Fill in the blank (___) in the sentence with the most suitable word. Answer with the missing word only.",
        ["Commonsense"],
        [("A cat says ___.", "meow", "Cats make the sound meow.")],
        [("A cat says ___.", "woof", "Woof is the sound a dog makes.")],
        rows,
    )


def t_program(rng: random.Random) -> NamedTask:
    ops: list[tuple[str, Callable[[list[int]], str]]] = [
        ("Return the sum of the numbers.", lambda xs: str(sum(xs))),
        ("Return the largest number.", lambda xs: str(max(xs))),
        ("Return the smallest number.", lambda xs: str(min(xs))),
        ("Sort the numbers in ascending order.", lambda xs: json.dumps(sorted(xs))),
        ("Reverse the list.", lambda xs: json.dumps(xs[::-1])),
        (
            "Remove all odd numbers from the list.",
            lambda xs: json.dumps([x for x in xs if x % 2 == 0]),
        ),
        ("Count how many numbers are even.", lambda xs: str(sum(1 for x in xs if x % 2 == 0))),
        ("Multiply every number by 2.", lambda xs: json.dumps([2 * x for x in xs])),
    ]
    items: list[Item] = []
    for i in range(30):
        op, fn = ops[i % len(ops)]
        xs = [rng.randrange(-20, 60) for _ in range(rng.randrange(4, 9))]
        items.append((f"{op} Input: {json.dumps(xs)}", [fn(xs)]))
    return superni_task(
        "task9108_shipped_program_execution",
        "Program Execution",
        ["Mathematics"],
        "You are given an instruction and a list of integers. Carry out the instruction on the list and write the result. Lists are written in square brackets with comma-separated values.",
        ["Mathematics"],
        [
            (
                "Return the largest number. Input: [3, 17, -2, 9]",
                "17",
                "17 is the largest value in the list.",
            )
        ],
        [
            (
                "Sort the numbers in ascending order. Input: [5, 1, 4]",
                "[5, 4, 1]",
                "This is descending order; the answer is [1, 4, 5].",
            )
        ],
        items,
    )
