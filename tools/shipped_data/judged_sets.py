"""The two sets the papers evaluate with judges, in their public formats, with this project's
own text.

- ``vicuna/question.jsonl``: questions in the layout of FastChat's Vicuna benchmark file
  (``question_id``, ``category``, ``turns`` with one turn), in Vicuna's nine categories and
  their order (code and math questions included, so that paper 1's filter has something to
  remove: it keeps 70 of Vicuna's 80);
- ``self_instruct/user_oriented_instructions.jsonl``: instructions in the layout of
  Self-Instruct's user-oriented evaluation set (``id``, ``motivation_app``, ``instruction`` and
  one instance ``{input, output}``), some with an empty input as there.

Every question, instruction and answer below was written for this project; the app names are
invented or generic.
"""

from __future__ import annotations

from typing import Any

# (category, question), in the order of Vicuna's categories; ids are assigned 1, 2, ...
VICUNA_QUESTIONS: list[tuple[str, str]] = [
    ("generic", "How can I keep a houseplant alive while I am away for three weeks?"),
    ("generic", "What are some ways to make a long train journey less tiring?"),
    ("generic", "How should I prepare for my first day volunteering at a food bank?"),
    (
        "knowledge",
        "Why do lakes in cold regions freeze from the top down rather than the bottom up?",
    ),
    ("knowledge", "What is the difference between a canal lock and a dam?"),
    ("knowledge", "How does a bicycle dynamo turn pedalling into light?"),
    (
        "roleplay",
        "You are the keeper of a small village museum. Welcome a school group and tell them what they will see today.",
    ),
    (
        "roleplay",
        "Pretend to be a ferry captain announcing a delay caused by fog. What do you say to the passengers?",
    ),
    (
        "roleplay",
        "As a market gardener, how would you persuade a restaurant to buy your vegetables?",
    ),
    (
        "common-sense",
        "How can you tell whether a café is popular with local people or mainly with tourists?",
    ),
    (
        "common-sense",
        "Why might someone carry an umbrella on a sunny morning?",
    ),
    (
        "common-sense",
        "If a shop's car park is empty at noon on a weekday, what could that suggest?",
    ),
    (
        "fermi",
        "Roughly how many times does a person blink in a year? Explain your estimate step by step.",
    ),
    (
        "fermi",
        "About how many loaves of bread does a town of 20,000 people eat in a week? Walk through your reasoning.",
    ),
    (
        "fermi",
        "How many footsteps does a postal worker take in a working year? Show how you reach the number.",
    ),
    (
        "counterfactual",
        "What would change in everyday life if bicycles had never been invented?",
    ),
    (
        "counterfactual",
        "How might cities look today if lifts had never become reliable?",
    ),
    (
        "counterfactual",
        "What if paper had remained too expensive for ordinary people until the twentieth century?",
    ),
    (
        "coding",
        "Write a function that returns the second largest number in a list, and explain how it handles duplicates.",
    ),
    (
        "coding",
        "Write a short program that counts how often each word appears in a text file.",
    ),
    (
        "coding",
        "Explain and fix the bug in a loop that is meant to sum the numbers from 1 to n but stops one short.",
    ),
    ("math", "A rectangle has a perimeter of 30 cm and one side of 6 cm. What is its area?"),
    ("math", "Solve for x: 4x - 7 = 2x + 9."),
    (
        "writing",
        "Write a short thank-you note to a neighbour who looked after your cat for a week.",
    ),
    (
        "writing",
        "Draft a notice for a community hall announcing a new repair café on Saturday mornings.",
    ),
    (
        "writing",
        "Write the opening paragraph of a travel article about a quiet coastal town in winter.",
    ),
]

# (app, instruction, input, output) in the user-oriented layout.
USER_ORIENTED: list[tuple[str, str, str, str]] = [
    (
        "Mail client",
        "Write a polite reply declining the meeting invitation and suggest another day.",
        "Hi, could we meet on Thursday at 3 pm to go through the budget? Best, Orla",
        "Hi Orla, thank you for the invitation. Unfortunately I am not free on Thursday afternoon. Would Friday morning at 10 am suit you instead? Best wishes",
    ),
    (
        "Writing assistant",
        "Rewrite the sentence so that it is clearer and shorter.",
        "In the event that the weather turns out to be bad, the picnic will be moved to a later date.",
        "If the weather is bad, the picnic will be postponed.",
    ),
    (
        "Recipe planner",
        "Suggest a simple dinner using only the ingredients listed.",
        "eggs, spinach, cheese, bread",
        "Make a spinach and cheese omelette: whisk the eggs, wilt the spinach in a pan, pour in the eggs, scatter the cheese on top and fold when set. Serve with toasted bread.",
    ),
    (
        "Spreadsheet",
        "Write a formula that adds the values in cells B2 to B10.",
        "",
        "=SUM(B2:B10)",
    ),
    (
        "Travel planner",
        "List three things to pack for a weekend of hill walking in autumn.",
        "",
        "1. A waterproof jacket\n2. Warm layers and a hat\n3. A map and a head torch",
    ),
    (
        "Language tutor",
        "Explain the difference in meaning between the two sentences.",
        "She stopped to talk to him. / She stopped talking to him.",
        "In the first sentence she paused what she was doing in order to talk to him. In the second she ended the conversation and no longer talked to him.",
    ),
    (
        "Calendar",
        "Turn the message into a calendar entry with a title, date and time.",
        "Dentist on the 14th of March at half past two in the afternoon.",
        "Title: Dentist appointment\nDate: 14 March\nTime: 14:30",
    ),
    (
        "Fitness app",
        "Suggest a ten-minute warm-up before a run for a beginner.",
        "",
        "Walk briskly for three minutes, then do one minute each of leg swings, arm circles, hip circles and heel flicks, and finish with three minutes of gentle jogging.",
    ),
    (
        "Shopping assistant",
        "Compare the two products and say which is better value.",
        "Pack A: 6 batteries for 4.20. Pack B: 10 batteries for 6.50.",
        "Pack A costs 0.70 per battery and Pack B 0.65 per battery, so Pack B is better value.",
    ),
    (
        "Notes app",
        "Summarise the meeting notes in two bullet points.",
        "The group agreed to paint the hall in May. Tom will get quotes from two painters. The next meeting is on 2 April. Funds will come from the spring fair.",
        "- The hall will be painted in May, paid for by the spring fair; Tom is getting two quotes.\n- The next meeting is on 2 April.",
    ),
    (
        "Social media",
        "Write a short post announcing that the village bakery is open again after repairs.",
        "",
        "Good news: the village bakery has reopened after its repairs! Fresh bread is back on the shelves from 7 am every day. Come and say hello.",
    ),
    (
        "Grammar checker",
        "Correct the grammar of the sentence.",
        "There is many reasons why the bus was late yesterday.",
        "There are many reasons why the bus was late yesterday.",
    ),
    (
        "Maps",
        "Give walking directions in plain steps from the description.",
        "Leave the station by the main exit, the library is two streets north on the left after the bridge.",
        "1. Leave the station by the main exit.\n2. Walk north for two streets and cross the bridge.\n3. The library is on your left.",
    ),
    (
        "Messaging",
        "Reply to the friend's message with a kind, short answer.",
        "I failed my driving test again today...",
        "I'm sorry to hear that. Lots of people need a few tries, and you'll be even better prepared next time. Fancy a coffee this week?",
    ),
    (
        "Coding assistant",
        "Explain what the command does.",
        "mkdir -p photos/2024",
        "It creates the folder photos/2024, and also the folder photos if it does not exist yet, without complaining if they already exist.",
    ),
    (
        "Budget tracker",
        "Sort the expenses into needs and wants.",
        "rent, concert tickets, groceries, new headphones, electricity bill",
        "Needs: rent, groceries, electricity bill\nWants: concert tickets, new headphones",
    ),
]


def build_vicuna_questions() -> list[dict[str, Any]]:
    return [
        {"question_id": i, "category": category, "turns": [question]}
        for i, (category, question) in enumerate(VICUNA_QUESTIONS, start=1)
    ]


def build_user_oriented() -> list[dict[str, Any]]:
    return [
        {
            "id": f"user_oriented_task_{i}",
            "motivation_app": app,
            "instruction": instruction,
            "instances": [{"input": input_text, "output": output}],
        }
        for i, (app, instruction, input_text, output) in enumerate(USER_ORIENTED)
    ]
