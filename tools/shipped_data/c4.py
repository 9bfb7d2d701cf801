"""Web-like passages in the fields of C4 ``en``: product pages, how-to snippets, local
news, forum replies, blog notes and recipes.

The last how-to topics (``HOWTOS[N_CORPUS_HOWTOS:]``) are held out for LongForm's WikiHow
items.
"""

from __future__ import annotations

import random

from tools.shipped_data.common import LineRegistry, word_count
from tools.shipped_data.world import MONTHS, PEOPLE, RIVER_NAMES, TOWNS


def join_list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


BRANDS = [
    "Harlow",
    "Pinewick",
    "Northbeam",
    "Kettleby",
    "Marram",
    "Otterline",
    "Quaystone",
    "Birchwell",
    "Tidewater",
    "Fernhollow",
]


PRODUCTS = [
    (
        "two-slice toaster",
        [
            "six browning levels",
            "a removable crumb tray",
            "a defrost button",
            "extra-wide slots for bagels",
        ],
        "kitchen",
    ),
    (
        "electric kettle",
        ["a 1.7 litre capacity", "a keep-warm setting", "a limescale filter", "an auto shut-off"],
        "kitchen",
    ),
    (
        "hiking backpack",
        [
            "a 35 litre main compartment",
            "a padded hip belt",
            "a rain cover",
            "side pockets for water bottles",
        ],
        "outdoor",
    ),
    (
        "desk lamp",
        ["three colour temperatures", "a flexible arm", "a USB charging port", "a touch dimmer"],
        "home office",
    ),
    (
        "rain jacket",
        ["taped seams", "a stowable hood", "underarm vents", "a packable design"],
        "outdoor",
    ),
    (
        "garden hose reel",
        [
            "30 metres of kink-resistant hose",
            "a wall bracket",
            "a seven-pattern spray gun",
            "a crank handle",
        ],
        "garden",
    ),
    (
        "cast iron skillet",
        [
            "a 26 cm cooking surface",
            "a pre-seasoned finish",
            "a helper handle",
            "pouring lips on both sides",
        ],
        "kitchen",
    ),
    (
        "bike light set",
        [
            "a 400 lumen front light",
            "a rear light with five modes",
            "USB charging",
            "tool-free mounts",
        ],
        "cycling",
    ),
    (
        "wool blanket",
        [
            "a 150 by 200 cm size",
            "blanket-stitched edges",
            "a machine-washable finish",
            "a herringbone weave",
        ],
        "home",
    ),
    (
        "bird feeder",
        ["a squirrel guard", "four feeding ports", "a metal lid", "a hanging chain"],
        "garden",
    ),
    (
        "bread bin",
        ["a roll-top lid", "a bamboo cutting board lid", "air vents", "room for two loaves"],
        "kitchen",
    ),
    (
        "camping stove",
        ["a folding pot stand", "a piezo igniter", "a wind shield", "a carry case"],
        "outdoor",
    ),
]


HOWTOS = [
    (
        "repot a houseplant",
        [
            "Water the plant the day before so the root ball holds together.",
            "Choose a new pot only one size larger than the old one.",
            "Tip the plant out gently and loosen any roots that circle the bottom.",
            "Add fresh compost to the new pot so the plant sits at the same depth as before.",
            "Fill around the sides, firm lightly and water until it drains from the base.",
            "Keep it out of strong sun for a week while the roots settle.",
        ],
    ),
    (
        "sharpen a kitchen knife on a whetstone",
        [
            "Soak the stone in water for ten minutes if it is a water stone.",
            "Hold the blade at roughly fifteen to twenty degrees to the stone.",
            "Push the edge across the coarse side in smooth strokes, heel to tip.",
            "Repeat on the other side until you can feel a slight burr along the edge.",
            "Switch to the fine side and use lighter strokes to polish the edge.",
            "Rinse and dry the knife, then test it on a sheet of paper.",
        ],
    ),
    (
        "bleed a radiator",
        [
            "Turn the heating off and let the radiators cool down.",
            "Hold a cloth under the bleed valve at the top corner of the radiator.",
            "Turn the valve key a quarter turn anticlockwise until you hear air hiss out.",
            "Close the valve as soon as water starts to appear.",
            "Check the boiler pressure gauge and top it up if it has dropped.",
        ],
    ),
    (
        "patch a bicycle inner tube",
        [
            "Remove the wheel and lever one side of the tyre off the rim.",
            "Pull out the tube and pump a little air in to find the hole.",
            "Roughen the area around the hole with the sandpaper from the kit.",
            "Spread a thin layer of glue and wait until it turns tacky.",
            "Press the patch on firmly and hold it for a minute.",
            "Check the inside of the tyre for thorns before refitting the tube.",
        ],
    ),
    (
        "make a simple compost heap",
        [
            "Pick a level, part-shaded spot on bare soil.",
            "Mix green material such as grass clippings with brown material such as dry leaves.",
            "Aim for roughly equal volumes of green and brown.",
            "Keep the heap as damp as a wrung-out sponge.",
            "Turn it with a fork every few weeks to let air in.",
            "Use the compost when it is dark and crumbly and smells of earth.",
        ],
    ),
    (
        "clean a cast iron pan",
        [
            "Wipe out the pan while it is still warm.",
            "Scrub stuck food with coarse salt and a little hot water.",
            "Avoid soaking the pan, because standing water causes rust.",
            "Dry it completely over a low flame.",
            "Rub a few drops of cooking oil over the surface before putting it away.",
        ],
    ),
    (
        "hang a picture shelf straight",
        [
            "Decide on the height and mark it lightly in pencil.",
            "Use a spirit level to draw a straight guide line.",
            "Check for pipes and cables with a detector before drilling.",
            "Drill the holes and push in wall plugs suited to the wall type.",
            "Screw the brackets on, then rest the shelf on them and check the level again.",
        ],
    ),
    (
        "start seeds indoors",
        [
            "Fill small trays with fine seed compost and firm it gently.",
            "Sow the seeds thinly and cover them with a light layer of compost.",
            "Water from below by standing the tray in a shallow dish.",
            "Keep the tray somewhere warm and cover it with a clear lid.",
            "Move the seedlings to a bright windowsill as soon as they appear.",
            "Harden them off outdoors for a week before planting out.",
        ],
    ),
    (
        "descale a kettle",
        [
            "Fill the kettle halfway with equal parts water and white vinegar.",
            "Bring it to the boil and then switch it off.",
            "Leave the solution to stand for an hour.",
            "Pour it away and rinse the kettle several times.",
            "Boil a full kettle of fresh water and discard it to remove any taste.",
        ],
    ),
    (
        "fold a fitted sheet",
        [
            "Hold the sheet by two adjacent corners with the seams facing you.",
            "Tuck one corner into the other so they nest together.",
            "Repeat with the remaining two corners.",
            "Lay the sheet flat and fold the curved edges in to make a rectangle.",
            "Fold the rectangle in thirds and then in half.",
        ],
    ),
    (
        "wax a pair of leather boots",
        [
            "Brush off dried mud with a stiff brush.",
            "Wipe the leather with a damp cloth and let it dry naturally.",
            "Warm the wax slightly so that it spreads easily.",
            "Work it into the leather with your fingers, paying attention to the seams.",
            "Leave the boots overnight and buff them with a soft cloth.",
        ],
    ),
    (
        "plan a first overnight hike",
        [
            "Choose a route of no more than fifteen kilometres a day.",
            "Check the weather forecast and the sunset time.",
            "Pack a map, a head torch, spare socks and more food than you think you need.",
            "Tell someone where you are going and when you expect to be back.",
            "Practise putting up the tent at home before the trip.",
        ],
    ),
]


NEWS_EVENTS = [
    (
        "council approved plans for a new footbridge over the River {river}",
        "The bridge is expected to cost {money} and should open by {year}.",
    ),
    (
        "library reopened after a {months}-month refurbishment",
        "The building now has a children's room, longer opening hours and {n} new computers.",
    ),
    (
        "volunteers planted {n} trees along the old railway line",
        "Organisers said the work was finished in a single weekend despite heavy rain.",
    ),
    (
        "bakery on the high street celebrated {n} years of trading",
        "The owners said the recipe for their rye loaf has not changed since they opened.",
    ),
    (
        "primary school raised {money} for a new playground",
        "Pupils organised a sponsored walk and a cake sale to help reach the total.",
    ),
    (
        "swimming pool will close for repairs from {month}",
        "Council staff said the roof needs work and that the pool should reopen by the autumn.",
    ),
    (
        "football club won the county cup for the first time in {n} years",
        "More than {n2} supporters travelled to watch the final.",
    ),
    (
        "market hall will host a weekly farmers' market from {month}",
        "Stallholders will pay a reduced fee for the first three months.",
    ),
    (
        "bus route to {town2} will run on Sundays again",
        "Residents had collected {n2} signatures asking for the service to return.",
    ),
    (
        "community orchard harvested a record {n} kilograms of apples",
        "The fruit will be pressed into juice and sold to raise money for the orchard.",
    ),
]


FORUM_QUESTIONS = [
    (
        "Why does my sourdough come out flat?",
        "Most of the time a flat loaf means the dough was over-proofed or the starter was weak. Feed your starter and use it when it has doubled and looks bubbly. Shorten the final rise if your kitchen is warm, and try the poke test: if the dent springs back slowly, it is ready. Shaping with more surface tension also helps the loaf hold its height.",
    ),
    (
        "Is it worth buying a dehumidifier for a damp flat?",
        "It can help, but treat the cause first. Open windows for a few minutes every morning, put lids on pans and dry washing outside when you can. If the walls still run with water, a small dehumidifier in the worst room will pull out a surprising amount. Empty the tank daily and keep doors closed while it runs.",
    ),
    (
        "How often should I change my bike chain?",
        "There is no fixed distance because it depends on weather and cleaning. Buy a cheap chain checker and measure every few hundred kilometres. When it shows wear of about half a percent, replace the chain. Leaving it longer wears out the cassette and the chainrings, which cost far more.",
    ),
    (
        "What is the easiest herb to grow on a windowsill?",
        "Chives and mint are the hardest to kill. Mint grows fast, so keep it in its own pot. Basil needs more warmth and light but is fine on a sunny sill in summer. Water when the top of the compost feels dry rather than on a schedule, and pinch off the tips to keep the plants bushy.",
    ),
    (
        "Should I learn touch typing as an adult?",
        "Yes, if you type for more than an hour a day. Expect to be slower for the first couple of weeks. Practise for fifteen minutes daily rather than for long sessions, cover your hands if you keep looking down, and focus on accuracy before speed. Most people overtake their old speed within a month.",
    ),
    (
        "Why do my tomato leaves curl?",
        "Leaf curl is usually stress rather than disease. Hot days, strong wind and uneven watering all cause it. Water deeply and regularly, mulch the soil and avoid heavy feeding with nitrogen. If new growth is twisted and mottled, look for aphids on the undersides of the leaves.",
    ),
    (
        "How do I stop a door from squeaking?",
        "Lift the hinge pins out one at a time, wipe them clean and coat them with a little petroleum jelly or light oil. Tap each pin back in and swing the door a few times. If the squeak comes from the latch, a drop of oil on the latch tongue usually fixes it.",
    ),
    (
        "Can I freeze cooked rice?",
        "Yes. Cool it quickly, ideally within an hour, by spreading it on a tray. Pack it into bags in single portions and freeze straight away. Reheat it until it is steaming hot all the way through and only reheat it once.",
    ),
    (
        "What should I look for in a first tent?",
        "Think about weight, size and how often it rains where you camp. A two-person tent gives one person room for gear. Look for a waterproof flysheet, taped seams and poles that are easy to thread. Pitch it in the garden before the first trip so you are not learning in the dark.",
    ),
]


BLOG_TOPICS = [
    (
        "allotment",
        [
            "The broad beans are finally up",
            "slugs took half of the lettuce again",
            "the rhubarb needs splitting this autumn",
            "the new water butt filled in one storm",
        ],
    ),
    (
        "walk",
        [
            "the path along the ridge was muddy but dry underfoot higher up",
            "we saw a kestrel hovering over the stubble field",
            "the tea room by the bridge was open",
            "the last mile back was in fading light",
        ],
    ),
    (
        "kitchen",
        [
            "I tried a new loaf with more rye flour",
            "the plum jam set on the second try",
            "the pickled onions need another month",
            "soup from the leftover squash was the best thing I made all week",
        ],
    ),
    (
        "workshop",
        [
            "the new workbench is finally level",
            "I sharpened every chisel before starting",
            "the oak offcuts became a small bookshelf",
            "the glue-up went wrong and had to be redone",
        ],
    ),
    (
        "running",
        [
            "I ran my first ten kilometres without stopping",
            "the hill intervals are getting easier",
            "new shoes gave me a blister on the left heel",
            "an easy recovery run felt better than expected",
        ],
    ),
    (
        "sewing",
        [
            "the pattern pieces are cut out at last",
            "I fixed the zip on my old coat",
            "the quilt top now has twelve blocks",
            "the buttonholes were the hardest part",
        ],
    ),
]


RECIPE_ITEMS = [
    (
        "lentil soup",
        ["red lentils", "an onion", "two carrots", "a tin of tomatoes", "ground cumin"],
        "Simmer everything for about twenty-five minutes, then blend half of it for a thicker texture.",
    ),
    (
        "oat biscuits",
        ["rolled oats", "butter", "brown sugar", "plain flour", "a pinch of salt"],
        "Bake at 180 degrees for twelve minutes and let them firm up on the tray.",
    ),
    (
        "potato and leek bake",
        ["potatoes", "two leeks", "cream", "grated cheese", "thyme"],
        "Layer the sliced potatoes and leeks, pour over the cream and bake for fifty minutes.",
    ),
    (
        "apple crumble",
        ["cooking apples", "flour", "butter", "sugar", "cinnamon"],
        "Rub the butter into the flour, scatter over the apples and bake until golden.",
    ),
    (
        "chickpea curry",
        ["chickpeas", "an onion", "garlic", "curry paste", "coconut milk", "spinach"],
        "Fry the onion and garlic, stir in the paste, add the rest and simmer for twenty minutes.",
    ),
    (
        "flatbreads",
        ["plain flour", "yoghurt", "baking powder", "salt"],
        "Roll small balls of dough thinly and cook them in a dry pan for a minute on each side.",
    ),
    (
        "mushroom risotto",
        ["risotto rice", "mushrooms", "stock", "an onion", "parmesan"],
        "Add the hot stock a ladle at a time, stirring, until the rice is creamy.",
    ),
    (
        "banana bread",
        ["ripe bananas", "flour", "eggs", "butter", "sugar", "baking soda"],
        "Bake in a loaf tin for about an hour until a skewer comes out clean.",
    ),
]


def c4_timestamp(rng: random.Random) -> str:
    # C4 timestamps are crawl times; spread them over 2019 like the real snapshot.
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 29)
    return f"2019-{month:02d}-{day:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z"


def slug(text: str) -> str:
    keep = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    while "--" in keep:
        keep = keep.replace("--", "-")
    return keep.strip("-")


def c4_product(rng: random.Random, i: int) -> tuple[str, str]:
    brand = BRANDS[i % len(BRANDS)]
    prod, feats, dept = PRODUCTS[(i * 5) % len(PRODUCTS)]
    feats = rng.sample(feats, rng.choice([2, 3, 4]))
    model = f"{brand} {rng.choice(['Classic', 'Pro', 'Lite', 'Select', 'Field', 'Studio'])} {rng.randrange(10, 99)}"
    price = f"{rng.randrange(12, 140)}.{rng.choice(['00', '49', '95', '99'])}"
    lines = [
        f"{model} {prod} - {rng.choice(['free delivery on orders over 40', 'in stock and ready to ship', 'now back in stock', 'a customer favourite'])}.",
        rng.choice(
            [
                f"Our {model} {prod} comes with {join_list(feats)}.",
                f"The {model} is a {prod} with {join_list(feats)}.",
                f"Built for everyday {dept} use, this {prod} offers {join_list(feats)}.",
            ]
        )
        + " "
        + rng.choice(
            [
                f"It weighs just {rng.randrange(2, 40) / 10} kg and comes with a {rng.choice(['one', 'two', 'three'])}-year guarantee.",
                f"Customers rate it {rng.choice(['4.2', '4.5', '4.7', '4.8'])} out of 5 for value.",
                f"Available in {join_list(rng.sample(['charcoal', 'sage green', 'cream', 'navy', 'rust red', 'slate grey'], 2))}.",
            ]
        ),
        rng.choice(
            [
                f"Price: {price}. Orders placed before 2pm are dispatched the same day.",
                f"Now {price}. Returns are free within 30 days.",
                f"Only {price} while stocks last. See our {dept} range for matching items.",
            ]
        ),
    ]
    url = f"https://{brand.lower()}-{slug(dept)}.invalid/products/{slug(model + ' ' + prod)}"
    return "\n".join(lines), url


N_CORPUS_HOWTOS = 7


def c4_howto(rng: random.Random, i: int) -> tuple[str, str]:
    # The last five topics are held out for the LongForm WikiHow items.
    task, steps = HOWTOS[i % N_CORPUS_HOWTOS]
    k = rng.randrange(3, len(steps) + 1)
    chosen_idx = sorted(rng.sample(range(len(steps)), k))
    chosen = [steps[j] for j in chosen_idx]
    intro = rng.choice(
        [
            f"Here is how to {task} in a few simple steps.",
            f"Want to {task}? It is easier than it looks.",
            f"A reader asked how to {task}, so here is what works for us.",
            f"You do not need special skills to {task}.",
            f"Learning to {task} will save you time and money.",
        ]
    )
    style = rng.randrange(3)
    if style == 0:
        body = " ".join(chosen)
    elif style == 1:
        body = " ".join(f"Step {n}: {s}" for n, s in enumerate(chosen, 1))
    else:
        body = " ".join([chosen[0], "Next, " + chosen[1][0].lower() + chosen[1][1:]] + chosen[2:])
    outro = rng.choice(
        [
            f"The whole job takes about {rng.randrange(10, 60)} minutes.",
            f"Allow around {rng.randrange(10, 60)} minutes the first time.",
            "Take your time on the first attempt and it will go faster next time.",
            f"Share your own tips in the comments below, we read all {rng.randrange(20, 90)} of them.",
        ]
    )
    site = rng.choice(["everydayfix", "homeandhearth", "greenplot", "benchtalk"])
    text = f"{intro} {body}\n{outro}" if rng.random() < 0.5 else f"{intro}\n{body} {outro}"
    return text, f"https://{site}.invalid/how-to/{slug(task)}-{i}"


def c4_news(rng: random.Random, i: int) -> tuple[str, str]:
    town = TOWNS[(i * 11 + 3) % len(TOWNS)]
    event, follow = NEWS_EVENTS[i % len(NEWS_EVENTS)]
    fill = dict(
        river=rng.choice(RIVER_NAMES),
        money=f"{rng.randrange(3, 900) * 1000:,} pounds",
        year=rng.randrange(2020, 2024),
        months=rng.randrange(3, 18),
        n=rng.randrange(12, 400),
        n2=rng.randrange(150, 3000),
        month=rng.choice(MONTHS),
        town2=TOWNS[(i * 13 + 5) % len(TOWNS)],
    )
    person = PEOPLE[(i * 3 + 17) % len(PEOPLE)]
    role = rng.choice(
        [
            "a local councillor",
            "the project organiser",
            "a spokesperson for the town council",
            "a long-time resident",
            "the head teacher",
        ]
    )
    quote = rng.choice(
        [
            "It has taken a lot of work, but it will make a real difference to people here.",
            "We are grateful to everyone who gave their time.",
            "People have been asking for this for years.",
            "We hope families from across the area will come and see it.",
        ]
    )
    text = (
        f"{town}'s {event.format(**fill)}, {rng.choice(['it was announced on', 'following a meeting on', 'as of'])} {rng.choice(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])}. "
        f"{follow.format(**fill)}\n"
        f'"{quote[:-1]}," said {person}, {role}.'
    )
    return (
        text,
        f"https://{slug(town)}-{rng.choice(['gazette', 'thelocalpost', 'echo'])}.invalid/news/{2019}/{slug(event.split(' ')[0] + ' ' + town)}-{i}",
    )


def c4_forum(rng: random.Random, i: int) -> tuple[str, str]:
    q, a = FORUM_QUESTIONS[i % len(FORUM_QUESTIONS)]
    user = rng.choice(
        [
            "oldbrambles",
            "kettle_on",
            "ridgewalker",
            "mossyroof",
            "pennyfarthing",
            "breadhead",
            "quietlane",
            "northwind42",
        ]
    )
    opener = rng.choice(
        [
            "Good question.",
            "I had the same problem last year.",
            f"Speaking from {rng.randrange(3, 25)} years of doing this,",
            "Short answer: it depends.",
            "Someone asked this last month too.",
        ]
    )
    sentences = a.split(". ")
    # Keep a different run of sentences each time so repeated questions differ.
    start = rng.randrange(0, max(1, len(sentences) - 3))
    part = ". ".join(sentences[start:]).rstrip(".") + "."
    if opener.endswith(","):
        part = part[0].lower() + part[1:]
    # One line per post: the "Re:" header repeats across threads, so keeping it on
    # its own line would create duplicate lines.
    text = f"Re: {q} - {user} wrote: {opener} {part}"
    if rng.random() < 0.4:
        text += f"\nReply edited {rng.randrange(2, 14)} times, last by {user} on {rng.choice(MONTHS)} {rng.randrange(1, 29)}."
    return (
        text,
        f"https://{rng.choice(['askaround', 'makersforum'])}.invalid/t/{slug(q)}/{1000 + i * 37}",
    )


def c4_blog(rng: random.Random, i: int) -> tuple[str, str]:
    topic, notes = BLOG_TOPICS[i % len(BLOG_TOPICS)]
    day = rng.choice(
        ["Saturday", "Sunday", "Wednesday evening", "a wet Tuesday", "the bank holiday"]
    )
    chosen = rng.sample(notes, rng.choice([2, 3]))
    place = rng.choice(TOWNS)
    opening = rng.choice(
        [
            f"A quick {topic} update from {place} after {day}.",
            f"{topic.capitalize()} diary, week {rng.randrange(2, 52)}.",
            f"Notes from {day} on the {topic} front.",
        ]
    )
    body = ". ".join(c[0].upper() + c[1:] for c in chosen) + "."
    close = rng.choice(
        [
            "More next week if the weather holds.",
            f"Next job on the list: {rng.choice(['tidying the shed', 'buying more string', 'writing up the costs', 'a proper rest'])}.",
            f"Total spent this month: {rng.randrange(5, 80)} pounds, which is under budget for once.",
            "Thanks to everyone who left kind comments on the last post.",
        ]
    )
    text = f"{opening}\n{body} {close}"
    return (
        text,
        f"https://{rng.choice(['quietmiles', 'trailnotes', 'kitchenledger', 'greenplot'])}.invalid/{2019}/{slug(topic)}-notes-{i}",
    )


def c4_recipe(rng: random.Random, i: int) -> tuple[str, str]:
    dish, ingredients, method = RECIPE_ITEMS[i % len(RECIPE_ITEMS)]
    serves = rng.randrange(2, 7)
    mins = rng.randrange(20, 75)
    intro = rng.choice(
        [
            f"This {dish} is our go-to midweek meal.",
            f"An easy recipe for {dish} that uses store-cupboard ingredients.",
            f"My {rng.choice(['grandmother', 'neighbour', 'brother'])} taught me this recipe for {dish} years ago.",
        ]
    )
    text = (
        f"{intro} Serves {serves}, ready in about {mins} minutes.\n"
        f"You will need {join_list(ingredients)}. {method}"
    )
    if rng.random() < 0.5:
        text += f" {rng.choice(['It keeps for three days in the fridge.', 'Leftovers freeze well.', 'Add a squeeze of lemon just before serving.', 'Serve with crusty bread.'])}"
    return (
        text,
        f"https://{rng.choice(['kitchenledger', 'homeandhearth'])}.invalid/recipes/{slug(dish)}-{i}",
    )


def build_c4(seed: int, registry: LineRegistry, n_target: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    makers = [c4_product, c4_howto, c4_news, c4_forum, c4_blog, c4_recipe]
    out: list[dict[str, str]] = []
    i = 0
    while len(out) < n_target:
        make = makers[i % len(makers)]
        for _attempt in range(30):
            text, url = make(rng, i)
            if 40 <= word_count(text) <= 160 and registry.fresh(text):
                registry.add(text)
                out.append({"text": text, "timestamp": c4_timestamp(rng), "url": url})
                break
        i += 1
        if i > n_target * 20:
            raise RuntimeError("could not compose enough distinct web passages")
    return out
