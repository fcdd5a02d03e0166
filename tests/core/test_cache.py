"""Content-keyed caching: the key is the content, parts cannot run together, the cache is bounded."""
from analysis.core.cache import ContentCache, content_key

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # SHA-256 of no bytes (FIPS 180-4)


def test_content_key_of_nothing_is_the_sha256_of_no_bytes():
    assert content_key() == EMPTY_SHA256


def test_parts_cannot_run_together_and_text_is_utf8():
    assert content_key("ab", "c") != content_key("a", "bc") != content_key("abc")
    assert content_key("é") == content_key("é".encode("utf-8"))


def test_an_edit_is_never_served_stale():
    c, calls = ContentCache(), []
    assert c.get(b"1,2", lambda: calls.append(1) or "first") == "first"
    assert c.get(b"1,2", lambda: calls.append(2) or "second") == "first"
    assert c.get(b"1,3", lambda: calls.append(3) or "edited") == "edited"
    assert calls == [1, 3]


def test_an_exception_is_not_kept_and_the_cache_is_bounded():
    c = ContentCache(size=3)

    def boom():
        raise ValueError("bad")
    for _ in range(2):
        try:
            c.get(b"x", boom)
        except ValueError:
            pass
    assert len(c) == 0 and c.get(b"x", lambda: 1) == 1
    for i in range(10):
        c.get(str(i).encode(), lambda: i)
        assert len(c) <= 3
