"""A printed line's label and cells (the table forms the issue lists)."""
from analysis.extract.cells import cell_kind, is_count, is_p_like, msd, par, split_line


def test_group_row_with_year_label_mean_sd_and_counts():
    # Zigong's Table 1 form: "2020 年 312 69.66 ± 5.98 186 126 4.91 ± 1.23" (our numbers)
    label, cells, kinds = split_line("2021 \u5e74 60 61.20 \u00b1 7.40 28 32 5.10 \u00b1 1.20")
    assert label == "2021 \u5e74" and cells == ["60", "61.20\u00b17.40", "28", "32", "5.10\u00b11.20"]
    assert kinds == ["int", "msd", "int", "int", "msd"] and msd(cells[1]) == ("61.20", "7.40")


def test_statistic_and_p_rows_with_typographic_minus_and_a_bound():
    assert split_line("x2/t  \u22120.911 0.040") == ("\u03c72/t", ["-0.911", "0.040"], ["dec", "dec"])
    assert split_line("P  0.364 <0.001")[2] == ["dec", "rel"]


def test_n_percent_and_m_sd_cells():
    assert par("45(75.00)") == ("45", "75.00") and is_count("par", "45(75.00)") and not is_count("par", "12.4(3.1)")
    assert split_line("Anxiety 12.4 (3.1) 14.2 (3.5) -2.435 .017")[2] == ["par", "par", "dec", "dec"]


def test_header_and_prose_lines_are_not_data_rows():
    assert split_line("\u5e74\u4efd \u6837\u672c\u91cf \u5e74\u9f84")[1] == []
    assert split_line("The groups differed in age 12 and more")[1] == []
    assert cell_kind("94,203") == "int" and cell_kind("-") == "nil" and is_p_like("rel", "<0.001")
    assert not is_p_like("dec", "3.84")
