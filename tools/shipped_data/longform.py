"""LongForm-format items (Wikipedia, C4, StackExchange and WikiHow sources).

The test items overlap neither the training corpus nor the train items: their Wikipedia items
use held-out articles, the C4 and StackExchange items are hand-written here, and the WikiHow
items use the how-to topics that ``c4`` keeps out of the corpus. The train items are built the
way LongForm builds its data, an instruction written for a corpus document: corpus articles
and the corpus how-to topics.
"""

from __future__ import annotations

import random

from tools.shipped_data.c4 import HOWTOS, N_CORPUS_HOWTOS
from tools.shipped_data.common import word_count
from tools.shipped_data.wikipedia import Article

# Hand-written web passages for LongForm's C4 items: the generated corpus
# passages are too short and too close to the training corpus to serve here.
LONGFORM_WEB: list[tuple[str, str]] = [
    (
        "Write a product description for a wooden bird box.",
        "Give garden birds a safe place to raise their young with our handmade wooden bird box. Each box is cut from untreated larch, a wood that weathers well outdoors without chemical preservatives. The 32 mm entrance hole suits blue tits, great tits and sparrows, while a metal plate around the hole stops woodpeckers and squirrels from widening it. The roof lifts off on a brass hinge so you can clean the box out in autumn, once the nesting season is over. Fix it two to four metres up a tree or wall, facing between north and east to avoid strong afternoon sun. Delivered ready to hang, with screws included.",
    ),
    (
        "Write a local news story about a village shop reopening as a community business.",
        "The village shop in Hollinford reopened on Saturday, six months after its previous owners retired. More than two hundred residents bought shares in the new community business, raising enough money to buy the building and restock the shelves. Volunteers repainted the front, fitted new fridges and built a small café corner by the window. The shop will sell bread from a local bakery, vegetables from nearby farms and everyday groceries, and will open seven days a week. Chair of the shop committee, Maren Tellow, said the response had been overwhelming. She added that the shop still needs volunteers for the early morning shifts and asked anyone with a few spare hours to get in touch.",
    ),
    (
        "Write a blog post about the first week of keeping chickens.",
        "Our four hens arrived last Sunday in a cardboard box on the back seat of the car, and the week since has been a crash course. The first lesson was that chickens go to bed on their own at dusk, which felt like a small miracle. The second was that they will eat absolutely anything, including the lettuce seedlings I had forgotten to cover. We have named them after our aunts, which seemed funny at the time. No eggs yet, because the breeder warned us that moving house puts them off laying for a while. The children check the nest box every morning anyway. Next weekend we are building a proper run with a buried wire skirt to keep out foxes.",
    ),
    (
        "Write an article giving advice on choosing walking boots.",
        "A good pair of walking boots can make the difference between a happy day on the hills and a miserable one. Start by thinking about where you walk most. Lightweight fabric boots are comfortable on dry paths, while leather boots last longer and cope better with mud and wet grass. Always try boots on in the afternoon, when your feet are slightly larger, and wear the socks you will walk in. There should be room to wiggle your toes, but your heel should not lift as you walk up a slope. Walk around the shop for at least ten minutes. Finally, break new boots in gradually with short walks before taking them on a long trip.",
    ),
    (
        "Write a page for a community website describing a repair café.",
        "The repair café meets on the first Saturday of every month in the church hall, from ten until one. Bring along anything that is broken, from a wobbly chair to a toaster that no longer pops up, and our volunteers will try to fix it with you. We have people who can mend clothes, sharpen tools, repair bicycles and look at small electrical items. Repairs are free, although donations towards tea, cake and spare parts are very welcome. The idea is to learn as well as fix, so you will be asked to help rather than simply hand your item over. Last year we kept more than four hundred items out of the bin.",
    ),
    (
        "Write a short guide for visitors to a seaside town in winter.",
        "Winter is the quietest and, many would say, the best time to visit the coast. The crowds have gone, parking is easy and the beach belongs to dog walkers and the odd hardy swimmer. Wrap up warmly, because the wind off the sea can be fierce even on a sunny day. Many cafés and gift shops close between November and March, so check opening times before you travel, but the pubs and the fish and chip shop on the harbour stay open all year. Storm watching from the lighthouse headland is spectacular, as long as you keep well back from the edge. Finish the day with a walk along the promenade as the lights come on.",
    ),
]


STACKEXCHANGE_ITEMS: list[tuple[str, str]] = [
    (
        "Why does my bread crust go soft a few hours after baking?",
        "A soft crust usually means moisture from the inside of the loaf has moved outwards. Bread keeps losing steam for an hour or more after it leaves the oven, and if it cools on a solid surface or in a bag, that steam is trapped and softens the crust. Let the loaf cool completely on a wire rack so air can reach the base. A longer bake also helps: many home bakers take bread out when it is only just done, so the crust is thin and the crumb still wet. Try adding five to ten minutes and baking until the crust is a deep brown. Finally, store crusty bread in a paper bag or a bread bin rather than plastic, which holds the humidity. If the crust has already softened, a few minutes in a hot oven will crisp it again.",
    ),
    (
        "What is the difference between a list and a tuple in Python?",
        "Both hold an ordered sequence of items, but a list is mutable and a tuple is not. You can append to a list, remove items from it or change an element in place, while a tuple keeps the same contents for its whole life. That difference has practical effects. Because tuples cannot change, they can be used as dictionary keys and stored in sets, as long as their items are hashable too. Lists cannot. Tuples also signal intent: a function that returns a pair of coordinates as a tuple tells the reader that the pair is a fixed record rather than a growing collection. Lists are the usual choice for collections of similar items whose length changes, such as lines read from a file. Performance differences exist but are small, so choose based on meaning rather than speed.",
    ),
    (
        "How do I stop my bike chain from slipping when I pedal hard?",
        "Chain slip under load is most often caused by wear. As a chain ages its links stretch slightly, and the worn chain no longer sits properly on the teeth of the cassette, especially on the smaller sprockets you use most. Measure the chain with a chain checker. If it shows wear of 0.75 percent or more, replace the chain, and expect that the most used sprockets may need replacing too, because a new chain can also slip on worn teeth. If the chain is not worn, check the gear indexing. A cable that has stretched can leave the derailleur sitting between two sprockets, so the chain jumps when you push hard. Turn the barrel adjuster a quarter turn at a time until shifting is crisp. Also look for a stiff link, which feels like a skip once per turn of the cranks.",
    ),
    (
        "Is it safe to leave a laptop plugged in all the time?",
        "For most modern laptops it is safe, because the charging circuit stops charging when the battery is full. The main concern is battery ageing rather than danger. Lithium-ion batteries wear faster when they are kept at a full charge and when they are warm, so a laptop that sits at 100 percent on a desk all day will lose capacity sooner than one kept at a middle level. Many manufacturers now offer a setting that stops charging at around 80 percent, and it is worth turning on if you mostly use the laptop at a desk. Keep the vents clear so the machine stays cool, and avoid using it on a soft surface like a bed for long periods. If you will store the laptop unused for weeks, leave the battery about half charged and switch it off completely.",
    ),
    (
        "Why do experts recommend resting meat after cooking?",
        "While meat cooks, the muscle fibres tighten and push juices towards the centre, and the outside is much hotter than the inside. If you cut it straight away, the juice that has not yet settled runs out onto the board. Resting for a few minutes lets the temperature even out through the piece and lets the fibres relax slightly, so more of the juice stays in the meat when you slice it. The temperature in the middle also keeps rising a few degrees during resting, which is known as carry-over cooking, so take the meat off the heat a little before it reaches your target. A steak needs about five minutes, while a large roast can rest for twenty or thirty. Cover it loosely with foil so it stays warm without steaming the crust.",
    ),
]


def build_longform(spare_articles: list[Article]) -> list[dict[str, str]]:
    rng = random.Random(4242)
    items: list[dict[str, str]] = []
    wiki = [a for a in spare_articles if 80 <= word_count(a.text()) <= 200][:8]
    if len(wiki) < 8:
        raise RuntimeError("not enough spare encyclopedia articles for LongForm")
    for a in wiki:
        instr = rng.choice(
            [
                f"Write an encyclopedia entry about {a.title}.",
                f"Tell me about {a.title}.",
                f"Write a short article describing {a.title} and its history.",
                f"What is {a.title}? Write a few informative paragraphs.",
            ]
        )
        items.append({"input": instr, "output": a.text(), "source": "Wikipedia"})
    for instr, text in LONGFORM_WEB:
        items.append({"input": instr, "output": text, "source": "C4"})
    for q, a in STACKEXCHANGE_ITEMS:
        items.append({"input": q, "output": a, "source": "StackExchange"})
    # WikiHow-style: all steps of a how-to, numbered, with a short intro.
    for task, steps in HOWTOS[N_CORPUS_HOWTOS:]:
        body = " ".join(f"{n}. {s}" for n, s in enumerate(steps, 1))
        intro = f"Here is a step-by-step guide to help you {task}."
        extra = " Work slowly the first time, and read all of the steps before you begin so you have everything you need to hand."
        text = f"{intro}\n{body}{extra}"
        items.append({"input": f"How do you {task}?", "output": text, "source": "WikiHow"})
    for it in items:
        it["subset"] = "test"
    return items


def build_longform_train(corpus_articles: list[Article]) -> list[dict[str, str]]:
    """LongForm's train split in miniature: instructions for corpus documents."""
    rng = random.Random(4343)
    items: list[dict[str, str]] = []
    for a in [a for a in corpus_articles if 60 <= word_count(a.text()) <= 200][:16]:
        instr = rng.choice(
            [
                f"Write an encyclopedia entry about {a.title}.",
                f"Describe {a.title} in a few paragraphs.",
                f"What should a reader know about {a.title}?",
            ]
        )
        items.append({"input": instr, "output": a.text(), "source": "Wikipedia"})
    for task, steps in HOWTOS[:N_CORPUS_HOWTOS]:
        body = " ".join(f"{n}. {s}" for n, s in enumerate(steps, 1))
        text = f"These steps show how to {task}.\n{body}"
        items.append({"input": f"Explain how to {task}.", "output": text, "source": "WikiHow"})
    for it in items:
        it["subset"] = "train"
    return items
