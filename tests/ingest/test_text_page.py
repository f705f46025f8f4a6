import datetime

from claims.ingest.text_page import read_text_page

TAG_PAGE = """Tag: Uyghur

  • First headline here

    First headline here

    A standfirst about the story…reports Jane Reporter

    Officials said the talks failed.

    ALSO READ: Something else entirely

  • Second headline here

    Second headline here

    Another standfirst…reports Example News

    Uyghur

    "We will continue," the minister said.
"""


def test_tag_page_splits_into_articles_with_their_own_headlines():
    first, second = read_text_page(TAG_PAGE)
    assert (first.title, second.title) == ("First headline here", "Second headline here")
    assert first.text.startswith("First headline here\n\nA standfirst")
    assert "Second headline" not in first.text


def test_tag_page_credit_names_a_byline_or_an_outlet_and_the_page_outlet_is_shared():
    first, second = read_text_page(TAG_PAGE)
    assert (first.byline, first.outlet) == ("Jane Reporter", "Example News")
    assert (second.byline, second.outlet) == ("", "Example News")


def test_furniture_lines_and_lone_tags_are_dropped():
    first, second = read_text_page(TAG_PAGE)
    assert "ALSO READ" not in first.text
    assert "Tag:" not in first.text
    assert "\n\nUyghur\n\n" not in second.text
    assert second.text.endswith('"We will continue," the minister said.')


def test_raw_input_of_each_article_is_kept_for_provenance():
    first, second = read_text_page(TAG_PAGE)
    assert first.raw.lstrip().startswith("• First headline here")
    assert "ALSO READ: Something else entirely" in first.raw
    assert second.raw.lstrip().startswith("• Second headline here")


def test_single_article_with_masthead_date_and_furniture():
    page = (
        "CHINA TOPIX\r\n\r\n01/22/2025 05:09:22 am\r\n\r\nMake CT Your Homepage\r\n\r\n"
        "Headline of the story\r\n\r\nPolice say that\u00a0 many left.\r\n\r\n"
        "Like Us on Facebook\r\n\r\nThe end.\r\n\r\nReal Time Analytics"
    )
    (article,) = read_text_page(page)
    assert article.outlet == "China Topix"
    assert article.published_on == datetime.date(2025, 1, 22)
    assert article.title == "Headline of the story"
    assert article.text == "Headline of the story\n\nPolice say that many left.\n\nThe end."


def test_copyright_line_names_the_outlet_and_is_dropped():
    (article,) = read_text_page("A headline\nThe story.\n© Copyright IBTimes 2024. All rights reserved.")
    assert article.outlet == "IBTimes"
    assert article.text == "A headline\n\nThe story."


def test_reporter_credit_names_byline_and_outlet():
    page = "A headline\n\nThe story.\n\nReported by Qiao Long for RFA's Mandarin Service. Edited by X."
    (article,) = read_text_page(page)
    assert (article.byline, article.outlet) == ("Qiao Long", "RFA's Mandarin Service")


def test_comment_form_boilerplate_is_dropped():
    page = "A headline\n\nThe story.\n\nAdd your comment by filling out the form below in plain text."
    (article,) = read_text_page(page)
    assert article.text == "A headline\n\nThe story."


def test_text_is_nfc_with_newline_line_ends():
    decomposed = "Cafe\u0301 headline\r\nThe cafe\u0301 story.\rMore."
    (article,) = read_text_page(decomposed)
    assert article.title == "Caf\u00e9 headline"
    assert article.text == "Caf\u00e9 headline\n\nThe caf\u00e9 story.\n\nMore."


def test_a_paragraph_broken_mid_sentence_is_mended_and_echoes_collapse():
    page = "A headline\n\nIt is hard to see a man turning over someone wanted for similar\n\nreasons, he says.\n\n"
    page += "A caption.\nA caption.\n"
    (article,) = read_text_page(page)
    assert article.text == (
        "A headline\n\nIt is hard to see a man turning over someone wanted for similar reasons, he says."
        "\n\nA caption."
    )


def test_page_with_only_furniture_has_no_article():
    assert read_text_page("Like Us on Facebook\n\nEmail story\n") == []


def test_a_one_word_headline_is_kept_while_lone_words_in_the_body_are_dropped():
    (article,) = read_text_page("Breakthrough\n\njihad\n\nTalks ended in agreement.")
    assert article.title == "Breakthrough"
    assert article.text == "Breakthrough\n\nTalks ended in agreement."


def test_an_all_caps_headline_followed_by_the_story_is_the_title_not_the_outlet():
    (article,) = read_text_page("MAYOR RESIGNS OVER BUDGET\n\nThe mayor resigned on Tuesday after the vote.")
    assert (article.title, article.outlet) == ("MAYOR RESIGNS OVER BUDGET", "")
    assert article.text == "MAYOR RESIGNS OVER BUDGET\n\nThe mayor resigned on Tuesday after the vote."


def test_an_all_caps_headline_followed_by_a_byline_or_a_date_is_the_title():
    for page in (
        "MAYOR RESIGNS OVER BUDGET\n\nBy Jane Smith\n\nThe mayor resigned.",
        "MAYOR RESIGNS OVER BUDGET\n\nJanuary 5, 2025\n\nThe mayor resigned.",
        'MAYOR RESIGNS\n\n"We are done," he said.',
        "MAYOR RESIGNS OVER BUDGET",
    ):
        (article,) = read_text_page(page)
        assert article.title.startswith("MAYOR RESIGNS"), page
        assert article.outlet == "", page


def test_a_masthead_directly_above_the_headline_names_the_outlet():
    (article,) = read_text_page("THE DAILY HERALD\n\nMayor resigns over budget\n\nThe mayor resigned.")
    assert (article.title, article.outlet) == ("Mayor resigns over budget", "The Daily Herald")


def test_a_masthead_above_an_all_caps_headline_names_the_outlet():
    (article,) = read_text_page("WORLD WIRE\n\nMAYOR RESIGNS OVER BUDGET\n\nThe mayor resigned.")
    assert (article.title, article.outlet) == ("MAYOR RESIGNS OVER BUDGET", "World Wire")
