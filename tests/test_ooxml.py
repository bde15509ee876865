"""The format facts the fast reader keeps itself (xlkit.read.ooxml) give openpyxl's answers exactly:
openpyxl is the fallback reader, and a cell must read the same through either path."""

from __future__ import annotations

import pytest
from openpyxl.styles.numbers import BUILTIN_FORMATS as OPENPYXL_BUILTIN_FORMATS
from openpyxl.styles.numbers import is_date_format as openpyxl_is_date_format
from openpyxl.styles.numbers import is_timedelta_format as openpyxl_is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_ISO8601
from openpyxl.utils.datetime import from_excel as openpyxl_from_excel

from xlkit.read import ooxml

# Codes Excel, WPS and LibreOffice write in Chinese workbooks, plus the edge cases of the test itself
# (escaped letters, quoted literals, colours, locales, elapsed time, several sections).
CUSTOM_CODES = [
    'yyyy"年"m"月"d"日"', "yyyy/m/d", "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss", "yyyy/m/d h:mm", 'yyyy"年"m"月"',
    'm"月"d"日"', "m月d日", '[DBNum1][$-804]yyyy"年"m"月"d"日"', "[$-F800]dddd, mmmm dd, yyyy", "[$-804]aaaa",
    "[$-zh-CN]yyyy", 'e"年"m"月"d"日"', 'h"时"mm"分"', "mm:ss.0", "dd/mm/yyyy;@", "[Blue]yyyy",
    "[h]:mm:ss", "[mm]:ss", "[ss].00", "[s]", "[hh]", "[HH]:MM", "[h]:mm;@",
    "0.00_ ", "0.0000", "0.00%", "0.0%", "#,##0.00", "#,##0.00_);[Red](#,##0.00)", "#,##0.00_);[红色](#,##0.00)",
    '"¥"#,##0.00', r"¥#,##0.00;¥\-#,##0.00", '#,##0.00"元"', r"0_);[Red]\(0\)",
    r'_ * #,##0.00_ ;_ * \-#,##0.00_ ;_ * "-"??_ ;_ @_ ', "G/通用格式", '[=1]"是";[=0]"否";General',
    r"\d0", "_d0", '"days"0', "[$€-2] #,##0.00", "#,##0;[Red]-#,##0", "@", "General", "", "0;-0;;@",
    "#,##0.00;[Red]yyyy", 'yyyy;"x"0', "[Red]h", "s", "S0",
]


def test_builtin_formats_equal_openpyxl() -> None:
    assert ooxml.BUILTIN_FORMATS == OPENPYXL_BUILTIN_FORMATS


@pytest.mark.parametrize("code", [*OPENPYXL_BUILTIN_FORMATS.values(), *CUSTOM_CODES, None])
def test_date_and_duration_tests_equal_openpyxl(code: str | None) -> None:
    assert ooxml.is_date_format(code) is openpyxl_is_date_format(code)
    assert ooxml.is_timedelta_format(code) is openpyxl_is_timedelta_format(code)


def test_the_custom_codes_cover_both_answers() -> None:  # a list where every answer agreed trivially proves little
    dates = [ooxml.is_date_format(c) for c in CUSTOM_CODES]
    durations = [ooxml.is_timedelta_format(c) for c in CUSTOM_CODES]
    assert any(dates) and not all(dates) and any(durations) and not all(durations)
    assert ooxml.is_date_format('yyyy"年"m"月"d"日"') and not ooxml.is_date_format('#,##0.00"元"')


def test_column_letters_equal_openpyxl_for_every_column() -> None:
    for index in range(1, ooxml.MAX_COLUMN + 1):
        letters = get_column_letter(index)
        assert ooxml.column_letter(index) == letters
        assert ooxml.column_index(letters) == index == column_index_from_string(letters)
        assert ooxml.column_index(letters.lower()) == index
    assert (ooxml.column_letter(26), ooxml.column_letter(27), ooxml.column_letter(16384)) == ("Z", "AA", "XFD")


@pytest.mark.parametrize("bad", [0, -1, ooxml.MAX_COLUMN + 1])
def test_column_letter_refuses_what_openpyxl_refuses(bad: int) -> None:
    with pytest.raises(ValueError):
        get_column_letter(bad)
    with pytest.raises(ValueError):
        ooxml.column_letter(bad)


@pytest.mark.parametrize("bad", ["", "AAAA", "A1", "$A", "A B"])
def test_column_index_refuses_what_openpyxl_refuses(bad: str) -> None:
    with pytest.raises(ValueError):
        column_index_from_string(bad)
    with pytest.raises(ValueError):
        ooxml.column_index(bad)


SERIALS = [0, 0.25, 0.5, 0.999999, 0.9999999999, 1, 1.5, 59, 59.75, 60, 60.5, 61, 366, 45000, 45000.123456,
           45447.604166666664, 45291.99999999, 2958465, 2958465.9999, -0.5, 1e-12]


@pytest.mark.parametrize("serial", SERIALS)
def test_date_serials_equal_openpyxl(serial: float) -> None:
    assert ooxml.WINDOWS_EPOCH == CALENDAR_WINDOWS_1900 and ooxml.MAC_EPOCH == CALENDAR_MAC_1904
    for ours, theirs in ((ooxml.WINDOWS_EPOCH, CALENDAR_WINDOWS_1900), (ooxml.MAC_EPOCH, CALENDAR_MAC_1904)):
        for timedelta in (False, True):
            try:
                expected = openpyxl_from_excel(serial, theirs, timedelta=timedelta)
            except (OverflowError, ValueError) as exc:
                with pytest.raises(type(exc)):
                    ooxml.from_excel(serial, ours, timedelta=timedelta)
                continue
            got = ooxml.from_excel(serial, ours, timedelta=timedelta)
            assert (type(got), got) == (type(expected), expected)
    assert ooxml.from_excel(None) is None


@pytest.mark.parametrize("text", [
    "2024-06-05", "2024-06-05T14:30:00Z", "2024-06-05T14:30:00.5", "2024-06-05T14:30", "14:30:15", "14:30",
    "T14:30:15.123Z", "PT36H", "PT1H30M", "PT45.5S", "PT0S", "", None,
])
def test_iso_dates_equal_openpyxl(text: str | None) -> None:
    expected = from_ISO8601(text)
    got = ooxml.from_iso8601(text)
    assert (type(got), got) == (type(expected), expected)


@pytest.mark.parametrize("text", ["tomorrow", "2024/06/05"])
def test_iso_dates_refuse_what_openpyxl_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        from_ISO8601(text)
    with pytest.raises(ValueError):
        ooxml.from_iso8601(text)
