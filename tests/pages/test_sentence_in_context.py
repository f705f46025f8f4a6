from claims.pages.review import ELLIPSIS, SentenceContext, sentence_in_context

TEXT = (
    "Beijing has tightened checks. Liu Huaming said the trip costs 30,000 yuan, reports Global Times! "
    "Is it true? Nobody knows.\n"
    "A new paragraph starts here."
)


def context_of(text: str, part: str, **kwargs) -> SentenceContext:
    start = text.index(part)
    return sentence_in_context(text, start, start + len(part), **kwargs)


def test_the_sentence_around_a_claim_inside_it():
    assert context_of(TEXT, "the trip costs 30,000 yuan") == SentenceContext(
        before="Liu Huaming said ", claim="the trip costs 30,000 yuan", after=", reports Global Times!"
    )


def test_a_claim_that_is_a_whole_sentence_has_no_context():
    assert context_of(TEXT, "Is it true?") == SentenceContext("", "Is it true?", "")


def test_the_first_sentence_starts_at_the_start_of_the_text():
    assert context_of(TEXT, "tightened") == SentenceContext("Beijing has ", "tightened", " checks.")


def test_a_newline_ends_a_sentence_on_both_sides():
    assert context_of(TEXT, "Nobody") == SentenceContext("", "Nobody", " knows.")
    assert context_of(TEXT, "new paragraph") == SentenceContext("A ", "new paragraph", " starts here.")


def test_a_claim_across_sentences_shows_both_sentences():
    context = context_of(TEXT, "30,000 yuan, reports Global Times! Is it")
    assert (context.before, context.after) == ("Liu Huaming said the trip costs ", " true?")


def test_a_full_stop_without_a_space_does_not_end_a_sentence():
    text = "Officials said 3.5 percent of U.S.-bound trips were stopped. Then more."
    assert context_of(text, "percent") == SentenceContext(
        "Officials said 3.5 ", "percent", " of U.S.-bound trips were stopped."
    )


def test_closing_quotes_after_the_full_stop_stay_with_the_sentence():
    text = 'He said: "It is over." The spokesman left.'
    assert context_of(text, "It is over") == SentenceContext('He said: "', "It is over", '."')
    assert context_of(text, "spokesman") == SentenceContext("The ", "spokesman", " left.")


def test_long_context_is_cut_at_a_word_with_an_ellipsis():
    words = " ".join(f"word{i}" for i in range(200))
    text = f"{words} CLAIM {words}."
    context = context_of(text, "CLAIM", limit=100)
    assert context.claim == "CLAIM"
    assert context.before.startswith(ELLIPSIS) and context.after.endswith(ELLIPSIS)
    assert context.before[1:].startswith("word") and context.after[:-1].rstrip().endswith(tuple("0123456789"))
    assert len(context.before) <= 51 and len(context.after) <= 51
    assert context.before.endswith("word199 ") and context.after.startswith(" word0 ")


def test_a_short_side_leaves_its_share_to_the_other():
    words = " ".join(f"w{i}" for i in range(300))
    text = f"Short. CLAIM {words}."
    context = context_of(text, "CLAIM", limit=100)
    assert context.before == ""
    assert 90 <= len(context.after) <= 101 and context.after.endswith(ELLIPSIS)


def test_the_claim_is_never_cut():
    claim = "x" * 1000
    text = f"Before it. {claim} after it."
    context = context_of(text, claim, limit=50)
    assert context == SentenceContext("", claim, " after it.")


def test_a_sentence_longer_than_the_search_window_is_cut_even_without_a_boundary():
    text = "a " * 1000 + "CLAIM" + " b" * 1000
    context = context_of(text, "CLAIM")
    assert context.before.startswith(ELLIPSIS) and context.after.endswith(ELLIPSIS)
    assert len(context.before) + len(context.after) <= 302


def test_offsets_are_code_points():
    text = "🙂🙂 Liu said the trip costs money. Next."
    context = context_of(text, "the trip")
    assert context == SentenceContext("🙂🙂 Liu said ", "the trip", " costs money.")


def test_a_claim_at_the_very_end_and_start_of_the_text():
    assert sentence_in_context("Closed.", 0, 7) == SentenceContext("", "Closed.", "")
    assert sentence_in_context("One. Two", 5, 8) == SentenceContext("", "Two", "")
