"""The running text joined across broken lines, mapped back to lines and sections."""
from analysis.extract.stream import prose_stream, sentences


def test_chinese_lines_join_without_space_and_headings_name_sections():
    s = prose_stream(["3.4. \u7ed3\u679c", "\u4f4f\u9662\u5929\u6570\u663e\u8457", "", "\u4e0b\u964d(P < 0.05)\u3002"], [])
    i = s.text.index("\u4e0b\u964d")
    assert s.text.strip() == "\u4f4f\u9662\u5929\u6570\u663e\u8457\u4e0b\u964d(P < 0.05)\u3002"
    assert (s.line_at(i), s.section_at(i)) == (4, "3.4")


def test_skipped_lines_end_a_sentence_and_sentences_split():
    s = prose_stream(["a b", "1 2 3", "c d."], [(2, 2)])
    assert s.text == "a b\nc d."
    t = "One. Two; three"
    assert [t[a:b].strip() for a, b in sentences(t)] == ["One.", "Two;", "three"]
