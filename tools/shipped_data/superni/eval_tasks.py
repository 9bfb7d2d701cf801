"""The twelve ``task90xx`` tasks, one per evaluation category of the official
Super-NI test split.
"""

from __future__ import annotations

import random

from tools.shipped_data.common import a_or_an
from tools.shipped_data.superni.taskfile import Item, NamedTask, superni_task


def t_entailment() -> NamedTask:
    rows = [
        (
            "Greta Saltash locked the bakery at six, walked her dog along the harbour wall and was home before the church bell struck seven.",
            "Greta Saltash was home before seven.",
            "Greta Saltash kept the bakery open all night.",
            "Greta Saltash owns the bakery.",
        ),
        (
            "The ferry to the Skellan Isles was cancelled on Tuesday because of strong winds, so the twelve passengers stayed at the harbour inn.",
            "Strong winds stopped the ferry on Tuesday.",
            "The ferry sailed on time on Tuesday.",
            "The harbour inn was fully booked for the rest of the week.",
        ),
        (
            "After three failed attempts, Jonas finally repaired the old clock, and it has kept perfect time ever since.",
            "The clock works now.",
            "Jonas repaired the clock on his first try.",
            "Jonas is a professional clockmaker.",
        ),
        (
            "The library in Marwick opens at nine on weekdays but stays closed on Sundays.",
            "You cannot visit the Marwick library on a Sunday.",
            "The Marwick library is open every day of the week.",
            "The Marwick library has a large children's section.",
        ),
        (
            "Every apple in the crate had been picked from the orchard behind the school.",
            "The apples came from the orchard behind the school.",
            "Some of the apples in the crate were bought at the market.",
            "The apples in the crate were sweet.",
        ),
        (
            "Petra gave her spare umbrella to a stranger at the bus stop and got soaked walking home.",
            "Petra got wet on her way home.",
            "Petra stayed dry all the way home.",
            "The stranger was waiting for the number nine bus.",
        ),
        (
            "The village choir has twenty members, and only four of them can read music.",
            "Most members of the choir cannot read music.",
            "Every member of the choir reads music.",
            "The choir sings in the village church.",
        ),
    ]
    items: list[Item] = []
    for premise, ent, con, neu in rows:
        for hyp, label in ((ent, "Entailment"), (con, "Contradiction"), (neu, "Neutral")):
            items.append((f"Premise: {premise} <sep> Hypothesis: {hyp}", [label]))
    return superni_task(
        "task9001_shipped_textual_entailment",
        "Textual Entailment",
        ["Textual Entailment", "Commonsense Reasoning"],
        'In this task, you are given a premise and a hypothesis. Decide whether the hypothesis must be true given the premise (entailment), cannot be true given the premise (contradiction), or may or may not be true (neutral). Answer with "Entailment", "Contradiction", or "Neutral".',
        ["Fiction"],
        [
            (
                "Premise: The bakery sold out of rye bread before noon. <sep> Hypothesis: There was no rye bread left at the bakery in the afternoon.",
                "Entailment",
                "If the bread sold out before noon, none was left afterwards, so the hypothesis follows.",
            ),
            (
                "Premise: Anselm walked to work because his car was at the garage. <sep> Hypothesis: Anselm drove his car to work.",
                "Contradiction",
                "The premise says the car was at the garage and he walked, so he cannot have driven it.",
            ),
        ],
        [
            (
                "Premise: The museum closes at five. <sep> Hypothesis: The museum is popular with tourists.",
                "Entailment",
                "Nothing in the premise says anything about tourists, so the answer should be Neutral.",
            ),
        ],
        items[:20],
    )


def t_cause_effect(rng: random.Random) -> NamedTask:
    rows = [
        (
            "The milk smelled sour.",
            "cause",
            "It had been left out of the fridge for two days.",
            "It had just been bought from the shop.",
        ),
        (
            "The road was closed.",
            "cause",
            "A tree had fallen across it in the storm.",
            "The traffic lights had been repainted.",
        ),
        (
            "Nell forgot her keys.",
            "effect",
            "She had to wait outside for her flatmate.",
            "She ate a large breakfast.",
        ),
        (
            "The pond froze over.",
            "cause",
            "The temperature dropped below zero overnight.",
            "A family of ducks arrived.",
        ),
        (
            "The baker ran out of flour.",
            "effect",
            "She could not make any more bread that day.",
            "Her oven got hotter.",
        ),
        (
            "The crowd cheered.",
            "cause",
            "The home team scored in the last minute.",
            "The stadium lights were switched off.",
        ),
        (
            "Oskar's phone battery went flat.",
            "cause",
            "He had used the map app all afternoon.",
            "He had bought a new phone case.",
        ),
        (
            "The river burst its banks.",
            "effect",
            "Fields along the valley were flooded.",
            "The fishermen caught more fish.",
        ),
        (
            "The paint on the fence was still wet.",
            "effect",
            "A child left a handprint on it.",
            "The fence became taller.",
        ),
        (
            "Vera was shivering.",
            "cause",
            "She had fallen into the cold lake.",
            "She had just drunk a cup of hot tea.",
        ),
        (
            "The bread was burnt.",
            "cause",
            "It was left in the oven for too long.",
            "It was made with brown flour.",
        ),
        (
            "The shop put up a closing-down sign.",
            "cause",
            "It had been losing money for years.",
            "It had just hired new staff.",
        ),
        (
            "The student revised every evening for a month.",
            "effect",
            "She passed the exam easily.",
            "She forgot where the school was.",
        ),
        (
            "The glass fell onto the stone floor.",
            "effect",
            "It shattered into pieces.",
            "It turned into water.",
        ),
        (
            "The plants on the windowsill wilted.",
            "cause",
            "Nobody had watered them for two weeks.",
            "They had been given fresh compost.",
        ),
        (
            "The power went out across the town.",
            "effect",
            "People lit candles in their homes.",
            "The street lamps shone brighter.",
        ),
        (
            "Thea's shoes were covered in mud.",
            "cause",
            "She had walked across a wet field.",
            "She had polished them that morning.",
        ),
        (
            "The kettle switched itself off.",
            "cause",
            "The water inside had boiled.",
            "Someone had filled it with cold water.",
        ),
        (
            "The bus was full.",
            "effect",
            "Some passengers had to wait for the next one.",
            "The driver sold more newspapers.",
        ),
        (
            "The dog barked at the front door.",
            "cause",
            "Someone had rung the doorbell.",
            "The cat was asleep upstairs.",
        ),
    ]
    items: list[Item] = []
    for premise, q, right, wrong in rows:
        first = rng.random() < 0.5
        o1, o2 = (right, wrong) if first else (wrong, right)
        label = "1" if first else "2"
        items.append(
            (
                f"Premise: {premise}\nQuestion: What was the {q}?\nOption 1: {o1}\nOption 2: {o2}",
                [f"Option {label}", label],
            )
        )
    return superni_task(
        "task9002_shipped_cause_effect_classification",
        "Cause Effect Classification",
        ["Commonsense Reasoning", "Causal Reasoning"],
        'You are given a premise, a question asking for its cause or its effect, and two options. Choose the option that is more plausibly the cause (or effect) of the premise. Answer with "Option 1" or "Option 2".',
        ["Commonsense"],
        [
            (
                "Premise: The ice cream melted.\nQuestion: What was the cause?\nOption 1: It was left in the sun.\nOption 2: It was kept in the freezer.",
                "Option 1",
                "Sunlight warms ice cream and makes it melt; a freezer keeps it frozen.",
            )
        ],
        [
            (
                "Premise: The window was open all night.\nQuestion: What was the effect?\nOption 1: The room was cold in the morning.\nOption 2: The room was freshly painted.",
                "Option 2",
                "An open window lets cold air in, so Option 1 is the likely effect, not Option 2.",
            )
        ],
        items,
    )


def t_coreference() -> NamedTask:
    templates = [
        ("{A} thanked {B} because {p} had fixed the leaking tap.", "B"),
        ("{A} called {B} because {p} needed a lift to the station.", "A"),
        ("{A} could not carry the box for {B} because {p} had hurt {pp} back.", "A"),
        ("{A} lent {B} a coat because {p} was cold.", "B"),
        ("{A} apologised to {B} because {p} had broken the vase.", "A"),
        ("{A} beat {B} at chess because {p} had practised all winter.", "A"),
        ("{A} beat {B} at chess because {p} was tired and distracted.", "B"),
        ("{A} waited for {B} at the gate because {p} was running late.", "B"),
        ("{A} congratulated {B} because {p} had won the baking contest.", "B"),
        ("{A} asked {B} for directions because {p} was new in town.", "A"),
    ]
    pairs = [("Tomas", "Emil", "he", "his"), ("Maren", "Hedda", "she", "her")]
    items: list[Item] = []
    for tmpl, who in templates:
        for a, b, p, pp in pairs:
            sent = tmpl.format(A=a, B=b, p=p, pp=pp)
            items.append((f"Sentence: {sent}\nPronoun: {p}", [a if who == "A" else b]))
    return superni_task(
        "task9003_shipped_coreference_resolution",
        "Coreference Resolution",
        ["Commonsense Reasoning"],
        "You are given a sentence that mentions two people and a pronoun. Write the name of the person the pronoun refers to. Use commonsense knowledge about the situation to decide.",
        ["Fiction", "Commonsense"],
        [
            (
                "Sentence: Ines visited Katrin in hospital because she was ill.\nPronoun: she",
                "Katrin",
                "People visit someone in hospital when that person is ill, so she refers to Katrin.",
            )
        ],
        [
            (
                "Sentence: Piet paid Sten because he had painted the fence.\nPronoun: he",
                "Piet",
                "People are paid for work they did, so he refers to Sten, not Piet.",
            )
        ],
        items,
    )


def t_dialogue_act() -> NamedTask:
    rows = [
        ("Could you tell me what time the last train to Ashford leaves?", "REQUEST"),
        ("I'd like a table for four at half past seven.", "INFORM"),
        ("Yes, that works perfectly for me.", "AFFIRM"),
        ("No, I don't need a return ticket.", "NEGATE"),
        ("Thanks a lot, that's really helpful.", "THANK_YOU"),
        ("That's all for today, goodbye.", "GOODBYE"),
        ("Are there any other hotels near the harbour?", "REQUEST_ALTS"),
        ("What is the phone number of the dentist?", "REQUEST"),
        ("My flight lands at ten in the morning.", "INFORM"),
        ("Sure, go ahead and book it.", "AFFIRM"),
        ("No, that date is no good for me.", "NEGATE"),
        ("Can you show me some different restaurants instead?", "REQUEST_ALTS"),
        ("Thank you, I appreciate it.", "THANK_YOU"),
        ("Bye, have a nice evening.", "GOODBYE"),
        ("Does the museum have wheelchair access?", "REQUEST"),
        ("I'm looking for somewhere cheap to eat in the city centre.", "INFORM"),
        ("Yes please, a window seat would be great.", "AFFIRM"),
        ("Nope, just the one room.", "NEGATE"),
        ("What else is showing at that cinema tonight?", "REQUEST_ALTS"),
        ("I'll be travelling with my two children.", "INFORM"),
    ]
    return superni_task(
        "task9004_shipped_dialogue_act_recognition",
        "Dialogue Act Recognition",
        ["Reasoning on Social Interactions"],
        "You are given a sentence spoken by a user to a virtual assistant. Classify its dialogue act as one of: INFORM, REQUEST, AFFIRM, NEGATE, THANK_YOU, GOODBYE, REQUEST_ALTS. REQUEST asks for a piece of information, REQUEST_ALTS asks for other options, and INFORM gives information to the assistant.",
        ["Dialogue"],
        [
            (
                "Where is the nearest pharmacy?",
                "REQUEST",
                "The user asks the assistant for a piece of information.",
            )
        ],
        [
            (
                "Thanks, that's everything.",
                "GOODBYE",
                "The user is thanking the assistant, so the act is THANK_YOU.",
            )
        ],
        [(u, [lab]) for u, lab in rows],
    )


def t_answerability() -> NamedTask:
    rows = [
        (
            "Mira baked a lemon cake for her grandfather's birthday. She forgot the sugar, so it tasted sour. Her grandfather laughed and ate two slices anyway.",
            "Why did the cake taste sour?",
            "Where does Mira's grandfather live?",
        ),
        (
            "Leopold's bicycle had a flat tyre. He walked it to the repair shop on Mill Street. The mechanic fixed it in ten minutes.",
            "Why did Leopold go to the repair shop?",
            "How much did the repair cost?",
        ),
        (
            "The school trip to the coast was cancelled. A storm warning had been issued for the whole region. The pupils watched a film about seabirds instead.",
            "Why was the school trip cancelled?",
            "Who chose the film about seabirds?",
        ),
        (
            "Agnes planted tomatoes in April. A late frost killed most of the seedlings. She bought new plants from the market in May.",
            "Why did Agnes buy new plants?",
            "What colour was Agnes's watering can?",
        ),
        (
            "Dorian missed the bus because his alarm did not ring. He ran to the office and arrived twenty minutes late. His manager had not noticed.",
            "Why did Dorian miss the bus?",
            "What is the name of Dorian's manager?",
        ),
        (
            "The town's only cinema closed for a month. The roof had started to leak during the winter rains. Builders replaced the tiles and it reopened in March.",
            "Why did the cinema close?",
            "Which film was shown when the cinema reopened?",
        ),
        (
            "Clementine wanted to learn the fiddle. She practised every evening after dinner. By summer she could play three folk tunes.",
            "When did Clementine practise?",
            "Who taught Clementine the fiddle?",
        ),
        (
            "Bram's dog kept barking at night. A fox had been visiting the garden. Bram put up a fence and the barking stopped.",
            "Why did the dog bark at night?",
            "How old is Bram's dog?",
        ),
        (
            "The harbour café ran out of fish on Friday. The fishing boats had stayed in port because of high winds. The cook made vegetable soup instead.",
            "Why did the café run out of fish?",
            "How many people work at the harbour café?",
        ),
        (
            "Rosalind borrowed a ladder from her neighbour. She needed to clear leaves from the gutter. She returned it the same afternoon.",
            "Why did Rosalind borrow a ladder?",
            "What is her neighbour's job?",
        ),
    ]
    items: list[Item] = []
    for story, ans_q, unans_q in rows:
        items.append((f"Context: {story}\nQuestion: {ans_q}", ["Answerable"]))
        items.append((f"Context: {story}\nQuestion: {unans_q}", ["Not Answerable"]))
    return superni_task(
        "task9005_shipped_answerability_classification",
        "Answerability Classification",
        ["Commonsense Reasoning"],
        'You are given a short story and a question about it. Decide whether the question can be answered using only the information in the story. Answer "Answerable" or "Not Answerable".',
        ["Fiction", "Commonsense"],
        [
            (
                "Context: Sten lost his gloves on the walk home. His hands were freezing by the time he reached his door.\nQuestion: Why were Sten's hands freezing?",
                "Answerable",
                "The story says he lost his gloves, which explains why his hands were cold.",
            )
        ],
        [
            (
                "Context: Sten lost his gloves on the walk home. His hands were freezing by the time he reached his door.\nQuestion: What colour were Sten's gloves?",
                "Answerable",
                "The story never mentions the colour of the gloves, so the question is Not Answerable.",
            )
        ],
        items,
    )


def t_word_analogy() -> NamedTask:
    rows = [
        ("soup : bowl. tea : ?", ["cup", "mug", "teapot"]),
        ("coins : purse. letters : ?", ["envelope", "letterbox", "mailbox"]),
        ("bread : bakery. medicine : ?", ["pharmacy", "chemist"]),
        ("bees : hive. birds : ?", ["nest"]),
        ("pen : write. knife : ?", ["cut", "slice"]),
        ("hot : cold. tall : ?", ["short"]),
        ("puppy : dog. kitten : ?", ["cat"]),
        ("pilot : plane. captain : ?", ["ship", "boat"]),
        ("foot : sock. hand : ?", ["glove", "mitten"]),
        ("water : jug. flowers : ?", ["vase"]),
        ("clothes : wardrobe. books : ?", ["bookcase", "bookshelf", "shelf"]),
        ("cow : milk. hen : ?", ["egg", "eggs"]),
        ("teacher : school. doctor : ?", ["hospital", "surgery", "clinic"]),
        ("day : night. summer : ?", ["winter"]),
        ("petrol : tank. ink : ?", ["cartridge", "inkwell", "bottle"]),
        ("jam : jar. crisps : ?", ["bag", "packet"]),
        ("fish : swim. bird : ?", ["fly"]),
        ("ear : hear. eye : ?", ["see"]),
        ("tools : toolbox. paint : ?", ["tin", "can", "pot"]),
        ("seed : plant. egg : ?", ["bird", "chick", "chicken"]),
    ]
    return superni_task(
        "task9006_shipped_word_analogy",
        "Word Analogy",
        ["Analogical Reasoning", "Commonsense Reasoning"],
        'Two analogies are given in the form "A : B. C : ?". Find the word that relates to C in the same way that B relates to A, and answer with that single word.',
        ["Commonsense"],
        [
            (
                "rice : sack. wine : ?",
                "bottle",
                "Rice is kept in a sack and wine is kept in a bottle.",
            )
        ],
        [
            (
                "lamb : sheep. calf : ?",
                "milk",
                "A lamb grows into a sheep, so a calf grows into a cow; milk is not the answer.",
            )
        ],
        rows,
    )


STOPWORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "as",
    "can",
    "has",
    "have",
    "had",
    "which",
    "their",
    "they",
    "when",
    "into",
    "most",
    "more",
    "some",
    "many",
    "very",
    "often",
    "than",
    "also",
    "each",
    "up",
    "so",
    "not",
}


def overlap_words(s1: str, s2: str) -> list[str]:
    def words(s: str) -> list[str]:
        return [w.strip(".,;:!?").lower() for w in s.split()]

    w2 = set(words(s2))
    out: list[str] = []
    for w in words(s1):
        if w and w not in STOPWORDS and w in w2 and w not in out:
            out.append(w)
    return out


def t_overlap() -> NamedTask:
    pairs = [
        ("Plants need sunlight to make their food.", "Sunlight is a form of energy from the sun."),
        (
            "Copper is a good conductor of electricity.",
            "Wires carry electricity from power stations to homes.",
        ),
        (
            "Evaporation turns liquid water into vapour.",
            "Water vapour rises and cools to form clouds.",
        ),
        (
            "Bees carry pollen from one flower to another.",
            "Pollen contains the male cells of a flower.",
        ),
        (
            "A thermometer measures temperature.",
            "Temperature tells us how hot or cold something is.",
        ),
        ("Ice melts when it is heated.", "Heated metal expands a little."),
        ("Fish breathe through gills.", "Gills take oxygen out of the water."),
        (
            "Owls hunt small animals at night.",
            "Many animals sleep during the day and move at night.",
        ),
        ("Magnets attract objects made of iron.", "Iron rusts when it meets air and water."),
        ("The moon orbits the earth once a month.", "The earth takes a year to orbit the sun."),
        ("Seeds need water to germinate.", "Most seeds germinate faster in warm soil."),
        ("Wool keeps sheep warm in winter.", "People knit warm jumpers from wool."),
        ("Rivers carry sand and mud to the sea.", "Mud settles at the bottom of calm water."),
        (
            "Sound travels faster in water than in air.",
            "Whales use sound to talk across the ocean.",
        ),
        ("Muscles pull on bones to move the body.", "The skeleton is made of bones."),
        ("Rain forms when droplets in clouds grow heavy.", "Heavy clouds often bring rain."),
        (
            "Friction slows down moving objects.",
            "Rough surfaces create more friction than smooth ones.",
        ),
        ("A compass needle points north.", "Sailors used a compass to find their way."),
        ("Leaves change colour in autumn.", "In autumn many trees drop their leaves."),
        ("Salt dissolves in warm water.", "Sea water contains dissolved salt."),
    ]
    items: list[Item] = []
    for s1, s2 in pairs:
        ov = overlap_words(s1, s2)
        assert ov, (s1, s2)
        items.append((f"Sentence1: {s1} Sentence2: {s2}", ov))
    return superni_task(
        "task9007_shipped_overlap_extraction",
        "Overlap Extraction",
        ["Reasoning on Objects"],
        'You are given two sentences. Write a word that appears in both sentences. Ignore very common words such as "the", "is", "of" and "a"; any significant shared word is a correct answer.',
        ["Natural Science"],
        [
            (
                "Sentence1: Frogs lay eggs in ponds. Sentence2: Ponds are home to many insects.",
                "ponds",
                "The word ponds occurs in both sentences.",
            )
        ],
        [
            (
                "Sentence1: Frogs lay eggs in ponds. Sentence2: Ponds are home to many insects.",
                "the",
                "The answer should be a significant word shared by both sentences; 'the' is a common word and does not even appear in the first sentence.",
            )
        ],
        items,
    )


def t_keyword() -> NamedTask:
    rows = [
        (
            "Copper wire is used in houses because copper conducts electricity well.",
            ["copper", "electricity", "conductor"],
        ),
        (
            "Bees visit flowers to collect nectar, which they turn into honey.",
            ["bees", "honey", "nectar"],
        ),
        ("A rainbow appears when sunlight is split by raindrops.", ["rainbow", "sunlight"]),
        (
            "Compost is made from rotting plant material and improves garden soil.",
            ["compost", "soil"],
        ),
        (
            "Volcanoes erupt when melted rock rises through the earth's crust.",
            ["volcano", "volcanoes", "eruption"],
        ),
        ("Cheese is made by curdling milk and pressing the curds.", ["cheese", "milk"]),
        (
            "Glaciers carve deep valleys as they move slowly downhill.",
            ["glacier", "glaciers", "valleys"],
        ),
        ("A lighthouse warns ships away from dangerous rocks.", ["lighthouse", "ships"]),
        (
            "Bread rises because yeast produces gas bubbles in the dough.",
            ["yeast", "bread", "dough"],
        ),
        ("Tides are caused mainly by the pull of the moon.", ["tides", "moon", "gravity"]),
        ("Woodpeckers drill into tree bark to find insects.", ["woodpecker", "woodpeckers"]),
        (
            "Solar panels turn sunlight into electrical power.",
            ["solar panels", "solar power", "solar energy"],
        ),
        ("Frost forms when water vapour freezes on cold surfaces.", ["frost", "freezing"]),
        (
            "Caterpillars turn into butterflies inside a chrysalis.",
            ["caterpillar", "butterfly", "metamorphosis"],
        ),
        ("A sundial shows the time using the shadow of a pointer.", ["sundial", "time"]),
        ("Rust forms on iron that is left in damp air.", ["rust", "iron"]),
        (
            "Hedgehogs hibernate through the winter in piles of leaves.",
            ["hedgehog", "hedgehogs", "hibernation"],
        ),
        (
            "Windmills once used wind power to grind grain into flour.",
            ["windmill", "windmills", "wind power"],
        ),
        ("Earthworms mix and loosen the soil as they burrow.", ["earthworm", "earthworms"]),
        (
            "Salt is harvested by letting sea water evaporate in shallow pans.",
            ["salt", "evaporation"],
        ),
    ]
    return superni_task(
        "task9008_shipped_keyword_tagging",
        "Keyword Tagging",
        ["Commonsense Reasoning"],
        "You are given a fact. Write a keyword (a word or short noun phrase) that names the main topic of the fact. The keyword should appear in, or follow directly from, the fact.",
        ["Natural Science"],
        [
            (
                "Fact: Moss grows well on the shady side of walls and trees.",
                "moss",
                "The fact is about where moss grows, so moss is a good topic word.",
            )
        ],
        [
            (
                "Fact: Moss grows well on the shady side of walls and trees.",
                "walls",
                "Walls are only a place mentioned in the fact; the topic is moss.",
            )
        ],
        [(f"Fact: {f}", ks) for f, ks in rows],
    )


def t_question_rewriting(rng: random.Random) -> NamedTask:
    fluent = [
        "Which river flows through the town?",
        "When does the library open on Saturdays?",
        "How long does it take to walk to the station?",
        "Who painted the picture in the town hall?",
        "What is the capital of the island?",
        "How many people live in the village?",
        "Where is the nearest post office?",
        "Why did the ferry stop running?",
        "What time does the market close?",
        "Which bus goes to the hospital?",
        "How deep is the lake?",
        "Who built the old windmill?",
        "What kind of fish live in the river?",
        "When was the bridge repaired?",
        "How much does a ticket to the museum cost?",
        "Which festival is held in the spring?",
        "Where can I buy fresh bread?",
        "What language do they speak on the island?",
        "How old is the cathedral?",
        "Who won the boat race last year?",
    ]
    fillers = [
        "no wait,",
        "um, I mean,",
        "sorry, I mean",
        "no, actually,",
        "uh, scratch that,",
        "or rather,",
    ]
    items: list[Item] = []
    for i, q in enumerate(fluent):
        other = fluent[(i + 7) % len(fluent)]
        wrong_start = " ".join(other.split()[: rng.choice([2, 3])])
        dis = f"{wrong_start} {rng.choice(fillers)} {q[0].lower() + q[1:]}"
        items.append((dis, [q]))
    return superni_task(
        "task9009_shipped_question_rewriting",
        "Question Rewriting",
        ["Commonsense Reasoning"],
        "You are given a disfluent question, in which the speaker starts one question, corrects themselves and asks another. Rewrite it as the fluent question the speaker finally meant to ask, without changing its meaning.",
        ["Miscellaneous"],
        [
            (
                "Who owns the, no wait, when does the bakery open?",
                "When does the bakery open?",
                "The speaker abandons the first question and finally asks when the bakery opens.",
            )
        ],
        [
            (
                "What is the, um, I mean, how tall is the lighthouse?",
                "What is the height of the bakery?",
                "The fluent question is about the lighthouse, not the bakery, so the meaning was changed.",
            )
        ],
        items,
    )


def t_title() -> NamedTask:
    rows = [
        (
            "Ada found a tiny kitten under her porch during a storm. She dried it with a towel and gave it warm milk. Nobody answered the posters she put up. By spring the kitten slept on her bed every night.",
            ["The Storm Kitten", "A Kitten in the Storm"],
        ),
        (
            "Jory wanted to win the village pumpkin contest. He watered his pumpkin every morning and covered it on cold nights. On the day of the show it was the heaviest by far. He carried home a blue ribbon.",
            ["The Prize Pumpkin", "The Pumpkin Contest"],
        ),
        (
            "Katrin lost her grandmother's ring in the garden. She searched the flower beds for two days. Her brother borrowed a metal detector from a friend. They found the ring beside the rose bush.",
            ["The Lost Ring", "Grandmother's Ring"],
        ),
        (
            "Halvard had never baked bread before. His first loaf came out flat and hard. He asked the baker next door for advice. A week later his loaf was light and golden.",
            ["Learning to Bake", "The First Loaf"],
        ),
        (
            "The power failed during Wenna's birthday party. Her father found a box of candles in the cupboard. Everyone told ghost stories in the candlelight. Wenna said it was her best party ever.",
            ["The Candlelit Party", "Birthday in the Dark"],
        ),
        (
            "Ulric's old car would not start on a frosty morning. He was due at a job interview in an hour. His neighbour offered him a lift. Ulric arrived on time and got the job.",
            ["The Frosty Morning", "A Lift to the Interview"],
        ),
        (
            "Nell planted sunflower seeds with her little brother. They measured the plants every Sunday. One sunflower grew taller than the garden fence. They saved its seeds for next year.",
            ["The Tall Sunflower", "Sunflowers"],
        ),
        (
            "Caspar was nervous about his first swimming lesson. He held the side of the pool at first. The teacher showed him how to float on his back. By the end of the lesson he was smiling.",
            ["The First Swimming Lesson", "Learning to Swim"],
        ),
        (
            "Thea entered a kite-flying contest on the beach. The wind dropped just before her turn. She ran along the sand to lift the kite. It soared higher than all the others.",
            ["The Kite Contest", "Kite on the Beach"],
        ),
        (
            "Benedek found an old map in a second-hand book. It showed a path through the woods near his town. He followed it with his sister one Saturday. The path led to a ruined mill by a stream.",
            ["The Old Map", "The Hidden Mill"],
        ),
        (
            "Greta's bicycle was stolen from outside the library. She reported it and posted a description online. Two days later a neighbour spotted it behind the station. The police returned it to her.",
            ["The Stolen Bicycle", "Bike Found"],
        ),
        (
            "Piet decided to learn the guitar at the age of sixty. His fingers hurt for the first few weeks. He practised one song over and over. At his birthday he played it for the whole family.",
            ["Never Too Late", "Learning the Guitar"],
        ),
        (
            "A fox kept stealing eggs from Sabine's henhouse. She fixed the broken door with a new latch. The next night the fox could not get in. Her hens laid happily all week.",
            ["The Fox and the Henhouse", "The Egg Thief"],
        ),
        (
            "Lucan missed the last bus home after a concert. His phone had no battery left. He walked the six kilometres under the stars. He got home at two and slept until noon.",
            ["The Long Walk Home", "Missing the Last Bus"],
        ),
        (
            "Orla wanted a dog, but her parents were unsure. She offered to walk the neighbour's dog every day for a month. She never missed a single walk. Her parents took her to the animal shelter that weekend.",
            ["Proving Responsibility", "Orla's Dog"],
        ),
        (
            "Emil burnt the pancakes on Mother's Day. He threw them away and started again. The second batch was perfect. His mother ate them with lemon and sugar.",
            ["Mother's Day Pancakes", "The Pancakes"],
        ),
        (
            "The village pond froze for the first time in ten years. Children brought sledges and skates. The oldest villager showed them how to skate backwards. The ice melted two days later.",
            ["The Frozen Pond", "Skating on the Pond"],
        ),
        (
            "Ines found a wallet full of money on the tram. She handed it to the driver. The owner called her that evening to say thank you. He sent her a box of chocolates.",
            ["The Lost Wallet", "An Honest Passenger"],
        ),
        (
            "Anselm tried to fix the leaking tap himself. He turned off the water and replaced the washer. The tap still dripped. In the end he called a plumber.",
            ["The Leaking Tap", "Calling the Plumber"],
        ),
        (
            "Yolanda's class planted a tree at the school gate. Each pupil wrote a wish and buried it under the roots. Twenty years later they met under the same tree. It had grown taller than the school.",
            ["The Wishing Tree", "The School Tree"],
        ),
    ]
    return superni_task(
        "task9010_shipped_title_generation",
        "Title Generation",
        ["Commonsense Reasoning"],
        "You are given a short story. Write a short title for it (usually two to five words) that mentions its main topic.",
        ["Fiction", "Story"],
        [
            (
                "Vera lost her hat on a windy hill. It blew into a field of cows. A farmer caught it and brought it back. Vera held on to it all the way home.",
                "The Windy Hill",
                "The story is about the wind carrying Vera's hat away on a hill, which the title captures.",
            )
        ],
        [
            (
                "Vera lost her hat on a windy hill. It blew into a field of cows. A farmer caught it and brought it back. Vera held on to it all the way home.",
                "Vera went for a walk and lost her hat but a farmer brought it back to her.",
                "This is a summary, not a short title.",
            )
        ],
        [(f"Story: {s}", t) for s, t in rows],
    )


def t_data_to_text(rng: random.Random) -> NamedTask:
    names = [
        "The Blue Heron",
        "Millrace",
        "The Salt Loft",
        "Quayside Kitchen",
        "The Copper Ladle",
        "Harbour Lights",
        "The Green Gate",
        "Fennel and Fig",
        "The Old Forge",
        "Lantern Rooms",
        "The Crooked Oar",
        "Tallow Street Café",
        "The Red Barn",
        "Orchard House",
        "The Pepper Pot",
        "Wicker and Wine",
        "The Hay Loft",
        "Brass Tap",
        "The Ferryman",
        "Bellwether",
        "The Slate Table",
        "Riverside Rest",
    ]
    types = ["restaurant", "pub", "coffee shop", "café"]
    foods = ["Italian", "Indian", "French", "Japanese", "Spanish", "English", "Chinese", "Greek"]
    prices = ["cheap", "moderate", "high"]
    areas = ["riverside", "city centre"]
    items: list[Item] = []
    for i, name in enumerate(names[:20]):
        eat = types[i % len(types)]
        food = rng.choice(foods)
        price = rng.choice(prices)
        area = rng.choice(areas)
        fam = rng.choice(["yes", "no"])
        near = names[(i + 5) % len(names)] if rng.random() < 0.5 else ""
        fields = [
            f"name[{name}]",
            f"eatType[{eat}]",
            f"food[{food}]",
            f"priceRange[{price}]",
            f"area[{area}]",
            f"familyFriendly[{fam}]",
        ]
        if near:
            fields.append(f"near[{near}]")
        where = "by the river" if area == "riverside" else "in the city centre"
        price_txt = {"cheap": "low prices", "moderate": "moderate prices", "high": "high prices"}[
            price
        ]
        fam_txt = "is family friendly" if fam == "yes" else "is not family friendly"
        near_txt = f" near {near}" if near else ""
        out1 = f"{name} is {a_or_an(food)} {food} {eat} {where}{near_txt} with {price_txt}. It {fam_txt}."
        kids = "welcomes children" if fam == "yes" else "does not welcome children"
        out2 = f"Located {where}{near_txt}, {name} serves {food} food at {price_txt}. This {eat} {kids}."
        items.append((", ".join(fields), [out1, out2]))
    return superni_task(
        "task9011_shipped_data_to_text",
        "Data to Text",
        ["Reasoning on Objects"],
        "In this task, you are given a set of key-value pairs that describe a place to eat. Write fluent, natural English sentences that contain all of the information in the input and nothing else.",
        ["Food", "Public Places"],
        [
            (
                "name[The Willow], eatType[pub], food[English], priceRange[cheap], area[riverside], familyFriendly[yes]",
                "The Willow is a cheap English pub by the river that welcomes families.",
                "Every field is expressed in natural English.",
            )
        ],
        [
            (
                "name[The Willow], eatType[pub], food[English], priceRange[cheap], area[riverside], familyFriendly[yes]",
                "The Willow is a pub.",
                "The food, price, area and family information are missing.",
            )
        ],
        items,
    )


def t_grammar() -> NamedTask:
    rows = [
        (
            "She don't like cold weather.",
            ["She doesn't like cold weather.", "She does not like cold weather."],
        ),
        ("There is three apples on the table.", ["There are three apples on the table."]),
        (
            "He have finished his homework already.",
            ["He has finished his homework already.", "He has already finished his homework."],
        ),
        ("I goed to the market yesterday.", ["I went to the market yesterday."]),
        ("The childs are playing in the garden.", ["The children are playing in the garden."]),
        ("We was late for the train.", ["We were late for the train."]),
        ("She is more taller than her brother.", ["She is taller than her brother."]),
        ("I have lived here since five years.", ["I have lived here for five years."]),
        ("He can sings very well.", ["He can sing very well."]),
        ("They is going to the cinema tonight.", ["They are going to the cinema tonight."]),
        ("My sister and me went to the beach.", ["My sister and I went to the beach."]),
        (
            "The book who I borrowed was boring.",
            [
                "The book that I borrowed was boring.",
                "The book which I borrowed was boring.",
                "The book I borrowed was boring.",
            ],
        ),
        (
            "Please give me an information about the trip.",
            [
                "Please give me some information about the trip.",
                "Please give me information about the trip.",
            ],
        ),
        ("I am agree with your idea.", ["I agree with your idea."]),
        ("She arrived to the station at noon.", ["She arrived at the station at noon."]),
        ("Did you saw the new film?", ["Did you see the new film?"]),
        (
            "There are less people here than last year.",
            ["There are fewer people here than last year."],
        ),
        (
            "He told that he was tired.",
            ["He said that he was tired.", "He told me that he was tired."],
        ),
        ("Each of the boys have a bicycle.", ["Each of the boys has a bicycle."]),
        ("I am looking forward to meet you.", ["I am looking forward to meeting you."]),
    ]
    return superni_task(
        "task9012_shipped_grammar_error_correction",
        "Grammar Error Correction",
        ["Commonsense Reasoning"],
        "You are given a sentence that contains a grammatical error. Rewrite the sentence so that it is grammatically correct, changing as little as possible.",
        ["English Exams", "Miscellaneous"],
        [
            (
                "The dogs barks at night.",
                "The dogs bark at night.",
                "The plural subject dogs needs the plural verb bark.",
            )
        ],
        [
            (
                "The dogs barks at night.",
                "The dog barks at the moon.",
                "The correction changed the meaning of the sentence instead of fixing only the error.",
            )
        ],
        rows,
    )
