import pytest

from claims.ingest import UnreadableFile, iter_input_files, read_articles


def test_folders_yield_every_file_but_hidden_ones_in_name_order(tmp_path):
    (tmp_path / "b.txt").write_text("B headline\nB text.")
    (tmp_path / "a.html").write_text("<html></html>")
    (tmp_path / "notes.md").write_text("not an article: reading it says so")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.TXT").write_text("C headline\nC text.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref")
    assert [p.name for p in iter_input_files([tmp_path])] == ["a.html", "b.txt", "notes.md", "c.TXT"]
    with pytest.raises(UnreadableFile, match=r"unsupported file type \.md; expected \.txt, \.html, \.htm"):
        read_articles(tmp_path / "notes.md")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"GIF89a\x00\x01\x02", "binary file (NUL byte at offset 6)"),
        ("Caf\u00e9 au lait".encode("latin-1"), "not UTF-8 (byte 0xe9 at offset 3)"),
        (b"Like Us on Facebook\n", "no article text found"),
    ],
)
def test_unreadable_files_say_why(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as error:
        read_articles(path)
    assert str(error.value) == reason


def test_missing_file_and_unsupported_type_say_why(tmp_path):
    with pytest.raises(UnreadableFile, match="No such file"):
        read_articles(tmp_path / "missing.txt")
    (tmp_path / "data.pdf").write_bytes(b"%PDF-1.7")
    with pytest.raises(UnreadableFile, match=r"unsupported file type \.pdf"):
        read_articles(tmp_path / "data.pdf")


def test_utf8_byte_order_mark_is_not_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffHeadline\nText.".encode())
    (article,) = read_articles(path)
    assert article.title == "Headline"
