"""The site's build: the standalone pages' bodies, the Chinese runs, the configuration that keeps it offline."""
from analysis.build import site


def test_body_of_takes_the_title_and_the_main():
    assert site.body_of('<main>\n<h1 id="top">A</h1><p>b</p>\n</main>') == ("A", "<p>b</p>")


def test_chinese_runs_are_split_from_the_rest():
    zh = chr(0x53d1) + chr(0x73b0)
    assert site.split_cjk(f"Findings · {zh}") == [("Findings · ", ""), (zh, "zh")]
    assert site.split_cjk("plain") == [("plain", "")]


def test_the_configuration_keeps_the_site_offline_and_without_timestamps():
    opts = site.CONF["html_theme_options"]
    assert site.CONF["nb_execution_mode"] == "off" and site.CONF["html_last_updated_fmt"] is None
    assert not any(opts[k] for k in ("use_download_button", "use_repository_button", "launch_buttons", "icon_links"))
    assert "objects.inv" in site.PRUNE and "_sources" in site.PRUNE
