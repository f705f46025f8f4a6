import datetime

from claims.ingest.html_page import read_html_page

PAGE = """<!doctype html>
<html><head>
  <title>Officials deny report | Example News</title>
  <meta property="og:title" content="Officials deny report">
  <meta property="og:site_name" content="Example News">
  <meta property="og:url" content="https://news.example.org/2024/officials-deny">
  <meta name="author" content="Jane Reporter">
  <meta property="article:published_time" content="2024-03-05T10:00:00Z">
</head><body>
  <nav><a href="/">Home</a> <a href="/world">World</a></nav>
  <article>
    <h1>Officials deny report</h1>
    <p>Officials on Tuesday denied a report that the border had been closed, saying traffic
       was moving normally at all crossings in the region.</p>
    <p>"The border is open and will stay open," a spokesman told reporters at a briefing in
       the capital, adding that no new restrictions were planned this year.</p>
    <p>Like Us on Facebook</p>
  </article>
  <footer>Copyright Example News</footer>
</body></html>"""


def test_html_page_gives_the_article_and_its_metadata():
    (article,) = read_html_page(PAGE)
    assert article.title == "Officials deny report"
    assert article.outlet == "Example News"
    assert article.byline == "Jane Reporter"
    assert article.url == "https://news.example.org/2024/officials-deny"
    assert article.published_on == datetime.date(2024, 3, 5)
    assert article.text.startswith("Officials deny report\n\nOfficials on Tuesday denied")
    assert '"The border is open and will stay open," a spokesman' in article.text
    assert "Like Us on Facebook" not in article.text
    assert "Home" not in article.text
    assert article.raw == PAGE


def test_html_page_without_text_has_no_article():
    assert read_html_page("<html><body><nav>Home</nav></body></html>") == []
