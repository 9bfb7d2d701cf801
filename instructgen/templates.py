"""Every prompt of both papers, in one place, so rendering is tested once and used everywhere.

Sources: paper 1 Tables 7 (Alpaca), 9 (LongForm reverse-instruction styles) and 10 (LLM
extraction); REFINE-AF Appendix IX-C (instruction generation) and IX-D (instance generation).
"""

from __future__ import annotations

from collections.abc import Sequence

ALPACA_WITH_INPUT = (
    "Below is an instruction that describes a task, paired with an input that provides further "
    "context. Write a response that appropriately completes the request.\n\n"
    "### Instruction:\n{instruction}\n\n### Input:\n{input}\n\n### Response:\n"
)
ALPACA_WITHOUT_INPUT = (
    "Below is an instruction that describes a task. Write a response that appropriately "
    "completes the request.\n\n### Instruction:\n{instruction}\n\n### Response:\n"
)


def alpaca_prompt(instruction: str, input_text: str = "") -> str:
    """Table 7: the instruction-following prompt, with or without an input."""
    if input_text and input_text.strip():
        return ALPACA_WITH_INPUT.format(instruction=instruction, input=input_text)
    return ALPACA_WITHOUT_INPUT.format(instruction=instruction)


# Table 9: the reverse-instruction prompts. The output (corpus example) is given; the model
# writes X, the instruction, after the final "X:".
LONGFORM_TEMPLATES = {
    "instruction": (
        "Instruction: X\nOutput: {output}\n"
        "What kind of instruction could this be the answer to?\nX:"
    ),
    "chatbot": (
        "You are a chatbot. A user sent you an informal message and your reply is as follows.\n"
        "Message: X\nReply: {output}\nWhat is the informal message X?\nX:"
    ),
    "query": (
        "You are a search engine. A person queried something in detail and the most relevant "
        "document about the query is as follows.\n"
        "Query: X\nDocument: {output}\nWhat is the detailed query X?\nX:"
    ),
}
# The instruction-following variant (Table 3, "Instruction Following"): the same reversal asked
# through the Alpaca prompt of Table 7.
REVERSE_ALPACA_INSTRUCTION = "What kind of instruction could this be the answer to?"
GENERATOR_FORMATS = (*LONGFORM_TEMPLATES, "alpaca")


def generator_prompt(output: str, fmt: str) -> str:
    """The prompt from which the generator writes the instruction for `output`."""
    if fmt == "alpaca":
        return alpaca_prompt(REVERSE_ALPACA_INSTRUCTION, output)
    try:
        return LONGFORM_TEMPLATES[fmt].format(output=output)
    except KeyError:
        raise ValueError(f"unknown generator format {fmt!r}; known: {GENERATOR_FORMATS}") from None


def generator_target(instruction: str, fmt: str) -> str:
    """What the generator is trained to write after its prompt."""
    return instruction if fmt == "alpaca" else " " + instruction


EXTRACTION_INSTRUCTION = "Select key segments from the given article below."


def extraction_prompt(passage: str) -> str:
    """Table 10: the LLM extraction prompt."""
    return alpaca_prompt(EXTRACTION_INSTRUCTION, passage)


BOOTSTRAP_HEADER = (
    "You are asked to come up with a set of diverse task instructions. These task instructions "
    "will be given to a LLM and we will evaluate the LLM for completing the instructions.\n"
    "Here are the requirements:\n"
    "1. Try not to repeat the verb for each instruction to maximize diversity.\n"
    "2. The language used for the instruction also should be diverse. For example, you should "
    "combine questions with imperative instructions.\n"
    "3. The type of instructions should be diverse.\n"
    "4. The list should include diverse types of tasks like open-ended generation, "
    "classification, editing, etc.\n"
    "5. A language model should be able to complete the instruction. For example, do not ask the "
    "assistant to create any visual or audio output. For another example, do not ask the "
    "assistant to wake you up at 5 pm or set a reminder because it cannot perform any action.\n"
    "6. The instructions should be in English.\n"
    "7. The instructions should be 1 to 2 sentences long. Either an imperative sentence or a "
    "question is permitted.\n"
)


def bootstrap_prompt(instructions: Sequence[str]) -> str:
    """Appendix IX-C: numbered in-context instructions, ending with the next task's label."""
    lines = [BOOTSTRAP_HEADER]
    for number, instruction in enumerate(instructions, start=1):
        lines.append(f"Task {number}: {' '.join(instruction.split())}\n")
    lines.append(f"Task {len(instructions) + 1}:")
    return "".join(lines)


INSTANCE_PROMPT = """Come up with examples for the following tasks. Try to generate multiple examples when possible. If the task doesn't require additional input, you can generate the output directly.

Task: Which exercises are best for reducing belly fat at home?
Output:
- Lying Leg Raises
- Leg In And Out
- Plank
- Side Plank
- Sit-ups

Task: Extract all the country names in the paragraph, list them separated by commas.
Example 1
Paragraph: Dr. No is the sixth novel by the English author Ian Fleming to feature his British Secret Service agent James Bond. Written at Fleming's Goldeneye estate in Jamaica, it was first published in the United Kingdom by Jonathan Cape in 1958. In the novel Bond looks into the disappearance in Jamaica of two fellow MI6 operatives who had been investigating Doctor No. Bond travels to No's Caribbean island and meets Honeychile Rider, who is there to collect shells. They are captured and taken to a luxurious facility carved into a mountain. The character of Doctor No, the son of a German missionary and a Chinese woman, was influenced by Sax Rohmer's Fu Manchu stories. Dr. No was the first of Fleming's novels to face widespread negative reviews in Britain, but it was received more favourably in the United States.
Output: English, British, Jamaica, the United Kingdom, German, Chinese, Britain, the United States.

Task: Converting 85 F to Celsius.
Output: 85\u00b0F = 29.44\u00b0C

Task: Sort the given list ascendingly.
Example 1
List: [10, 92, 2, 5, -4, 92, 5, 101]
Output: [-4, 2, 5, 5, 10, 92, 92, 101]
Example 2
Input 2 - List: [9.99, 10, -5, -1000, 5e6, 999]
Output: [-1000, -5, 9.99, 10, 999, 5e6]

Task: Suggest a better and more professional rephrasing of the following sentence.
Example 1
Sentence: This house is surprisingly not constructed very well, and you probably need more money to fix it after you buy it. If you ask me, I would suggest you to consider other candidates.
Output: This house does not seem to be constructed well, so you may need to spend more money to fix it after you purchase it. I would suggest that you look at other properties.
Example 2
Sentence: Just so you know, we did an experiment last week and found really surprising results - language model can improve itself!
Output: Our experiments last week demonstrated surprising results, proving that the language model can improve itself.

"""


def instance_prompt(instruction: str) -> str:
    """Appendix IX-D: the Self-Instruct instance-generation prompt for one instruction."""
    return f"{INSTANCE_PROMPT}Task: {' '.join(instruction.split())}\n"


# Scoring formats of REFINE-AF's automated feedback (and of the tiny models trained for it).


def oasst_format(instruction: str, input_text: str, output: str) -> str:
    """The OpenAssistant reward model's conversation format."""
    prompt = f"{instruction}\n{input_text}".strip()
    return f"<|prompter|>{prompt}<|endoftext|><|assistant|>{output}<|endoftext|>"


# UniEval's dialogue dimensions as Boolean questions (Zhong et al., 2022).
UNIEVAL_QUESTIONS = {
    "naturalness": "question: Is this a natural response in the dialogue? </s> response: {output}",
    "coherence": (
        "question: Is this a coherent response given the dialogue history? </s> response: "
        "{output} </s> dialogue history: {context}"
    ),
    "understandability": (
        "question: Is this an understandable response in the dialogue? </s> response: {output}"
    ),
}


def unieval_input(dimension: str, output: str, context: str) -> str:
    return UNIEVAL_QUESTIONS[dimension].format(output=output, context=context)
